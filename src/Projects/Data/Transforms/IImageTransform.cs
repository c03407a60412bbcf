namespace IlgpuNet.Data.Transforms;

/// <summary>
/// A transform of a float CHW image, as torchvision's v1 transforms on tensors. Randomness comes only from the
/// <see cref="Random"/> passed in, so a seeded Random (one per worker and epoch) makes the pipeline repeatable.
/// Deterministic transforms ignore it. Inputs are not modified.
/// </summary>
public interface IImageTransform
{
    FloatImage Apply(FloatImage image, Random random);
}
