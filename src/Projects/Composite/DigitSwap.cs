using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Transforms;

namespace IlgpuNet.Composite;

/// <summary>
/// The augmentation that removes the shortcut: the digit quadrant is replaced by the digit quadrant of a random other
/// training image, so the digit a model sees is independent of the label it must predict (the 64% agreement becomes
/// the 10% of chance) while the class image and the image statistics stay as they were.
/// </summary>
public sealed class DigitSwap(IDataset<LabeledImage> donors, double p = 1.0) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        if (random.NextDouble() >= p)
        {
            return image;
        }

        var donor = donors[random.Next(donors.Count)].Image;
        if (donor.Width != image.Width || donor.Height != image.Height || donor.Channels != image.Channels)
        {
            throw new ArgumentException($"digit swap: donor image is {donor.Width}×{donor.Height}×{donor.Channels}, the image is {image.Width}×{image.Height}×{image.Channels}");
        }

        var result = image.Clone();
        int q = CompositeLayout.Quadrant;
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = CompositeLayout.DigitTop; y < CompositeLayout.DigitTop + q; y++)
            {
                var row = result.Row(c, y);
                for (int x = CompositeLayout.DigitLeft; x < CompositeLayout.DigitLeft + q; x++)
                {
                    row[x] = donor.At(x, y, c) / 255f;
                }
            }
        }

        return result;
    }
}
