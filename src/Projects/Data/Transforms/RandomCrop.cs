namespace IlgpuNet.Data.Transforms;

/// <summary>torchvision RandomCrop: pad every side by <c>padding</c> with <c>fill</c>, then crop at a uniform position (the CIFAR recipe: 32, padding 4).</summary>
public sealed class RandomCrop(int height, int width, int padding = 0, float fill = 0f) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        var padded = padding > 0 ? Pad(image, padding, fill) : image;
        if (padded.Height < height || padded.Width < width)
        {
            throw new ArgumentException($"crop {height}x{width} is larger than the padded image {padded.Height}x{padded.Width}");
        }

        int top = RandomDraw.Inclusive(random, 0, padded.Height - height);
        int left = RandomDraw.Inclusive(random, 0, padded.Width - width);
        return padded.Crop(top, left, height, width);
    }

    private static FloatImage Pad(FloatImage image, int padding, float fill)
    {
        var result = new FloatImage(image.Channels, image.Height + 2 * padding, image.Width + 2 * padding);
        Array.Fill(result.Data, fill);
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = 0; y < image.Height; y++)
            {
                image.Row(c, y).CopyTo(result.Row(c, y + padding)[padding..]);
            }
        }

        return result;
    }
}
