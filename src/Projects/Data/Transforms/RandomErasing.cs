namespace IlgpuNet.Data.Transforms;

/// <summary>
/// torchvision RandomErasing: with probability p, up to 10 tries of area fraction ~ U(scale) and log-uniform ratio;
/// h = round(sqrt(area * r)), w = round(sqrt(area / r)), accepted when h &lt; H and w &lt; W; the box is filled with
/// <c>value</c>, or with N(0, 1) noise when <c>value</c> is null (torchvision's value="random"). No box fits: unchanged.
/// </summary>
public sealed class RandomErasing(
    double p = 0.5, double minScale = 0.02, double maxScale = 0.33, double minRatio = 0.3, double maxRatio = 3.3,
    float? value = 0f) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        if (random.NextDouble() >= p)
        {
            return image;
        }

        double area = (double)image.Height * image.Width;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double eraseArea = area * RandomDraw.Uniform(random, minScale, maxScale);
            double aspect = RandomDraw.LogUniform(random, minRatio, maxRatio);
            int h = RandomDraw.RoundHalfEven(Math.Sqrt(eraseArea * aspect));
            int w = RandomDraw.RoundHalfEven(Math.Sqrt(eraseArea / aspect));
            if (!(h < image.Height && w < image.Width))
            {
                continue;
            }

            int top = RandomDraw.Inclusive(random, 0, image.Height - h);
            int left = RandomDraw.Inclusive(random, 0, image.Width - w);
            var result = image.Clone();
            for (int c = 0; c < image.Channels; c++)
            {
                for (int y = top; y < top + h; y++)
                {
                    var row = result.Row(c, y).Slice(left, w);
                    for (int x = 0; x < w; x++)
                    {
                        row[x] = value ?? (float)RandomDraw.Normal(random);
                    }
                }
            }

            return result;
        }

        return image;
    }
}
