using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Training;

/// <summary>Per-channel mean and standard deviation of images in [0, 1] (what Normalize is given).</summary>
public static class ChannelStatistics
{
    /// <summary>Over the first <paramref name="maxImages"/> samples (population std, as torch.std over all pixels would give to 4 digits).</summary>
    public static (float[] Mean, float[] Std) Of(IDataset<LabeledImage> images, int maxImages = 5000)
    {
        int count = Math.Min(images.Count, maxImages);
        if (count == 0)
        {
            throw new ArgumentException("channel statistics of an empty data set");
        }

        int channels = images[0].Image.Channels;
        var sum = new double[channels];
        var squares = new double[channels];
        long pixels = 0;
        for (int i = 0; i < count; i++)
        {
            var image = images[i].Image;
            if (image.Channels != channels)
            {
                throw new InvalidDataException($"image {i} has {image.Channels} channels, the first has {channels}");
            }

            var data = image.Pixels;
            for (int p = 0; p < data.Length; p++)
            {
                double value = data[p] / 255.0;
                sum[p % channels] += value;
                squares[p % channels] += value * value;
            }

            pixels += (long)image.Width * image.Height;
        }

        var mean = sum.Select(s => (float)(s / pixels)).ToArray();
        var std = squares.Select((s, c) => (float)Math.Sqrt(Math.Max(1e-12, s / pixels - mean[c] * (double)mean[c]))).ToArray();
        return (mean, std);
    }
}
