namespace IlgpuNet.Data.Transforms;

/// <summary>
/// torchvision ColorJitter without hue, on [0, 1] RGB images: factors drawn from [max(0, 1 - x), 1 + x] and applied
/// in a random order. Brightness scales; contrast blends with the mean grayscale value; saturation blends with the
/// grayscale image; every step clamps to [0, 1].
/// </summary>
public sealed class ColorJitter(float brightness = 0f, float contrast = 0f, float saturation = 0f) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        int[] order = [0, 1, 2];
        random.Shuffle(order);
        var result = image.Clone();
        foreach (int step in order)
        {
            float amount = step switch { 0 => brightness, 1 => contrast, _ => saturation };
            if (amount <= 0)
            {
                continue;
            }

            float factor = (float)RandomDraw.Uniform(random, Math.Max(0, 1 - amount), 1 + amount);
            switch (step)
            {
                case 0:
                    Blend(result, factor, _ => 0f);
                    break;
                case 1:
                    float mean = ColorSpace.Grayscale(RequireRgb(result)).Data.Average();
                    Blend(result, factor, _ => mean);
                    break;
                default:
                    var gray = ColorSpace.Grayscale(RequireRgb(result)).Data;
                    Blend(result, factor, i => gray[i]);
                    break;
            }
        }

        return result;
    }

    // torchvision's _blend: clamp(factor * image + (1 - factor) * other, 0, 1), other given per pixel index.
    private static void Blend(FloatImage image, float factor, Func<int, float> other)
    {
        int plane = image.PlaneSize;
        for (int c = 0; c < image.Channels; c++)
        {
            var values = image.Plane(c);
            for (int i = 0; i < plane; i++)
            {
                values[i] = Math.Clamp(factor * values[i] + (1 - factor) * other(i), 0f, 1f);
            }
        }
    }

    private static FloatImage RequireRgb(FloatImage image) =>
        image.Channels == 3 ? image : throw new ArgumentException($"contrast and saturation jitter need RGB, got {image.Channels} channels");
}
