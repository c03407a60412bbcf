namespace IlgpuNet.Data.Transforms;

/// <summary>Applies transforms in order.</summary>
public sealed class Compose(params IImageTransform[] transforms) : IImageTransform
{
    public IReadOnlyList<IImageTransform> Transforms { get; } = transforms;

    public FloatImage Apply(FloatImage image, Random random)
    {
        foreach (var transform in Transforms)
        {
            image = transform.Apply(image, random);
        }

        return image;
    }
}
