namespace IlgpuNet.Data.Transforms;

/// <summary>(x - mean[c]) / std[c] per channel, as torchvision Normalize.</summary>
public sealed class Normalize(float[] mean, float[] std) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        if (mean.Length != image.Channels || std.Length != image.Channels)
        {
            throw new ArgumentException($"Normalize has {mean.Length} means and {std.Length} stds for a {image.Channels}-channel image");
        }

        var result = image.Clone();
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = result.Plane(c);
            float m = mean[c], inverse = 1f / std[c];
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = (plane[i] - m) * inverse;
            }
        }

        return result;
    }
}
