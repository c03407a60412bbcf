namespace IlgpuNet.Data.Transforms;

/// <summary>Mirror left-right with probability <c>p</c>.</summary>
public sealed class RandomHorizontalFlip(double p = 0.5) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random) => random.NextDouble() < p ? image.FlipHorizontal() : image;
}
