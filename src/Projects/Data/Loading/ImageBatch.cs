using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Data.Loading;

/// <summary>A collated batch: images (N, C, H, W) float32 and int64 labels, one per image (N) as <see cref="Collate"/> makes them, or one per pixel (N, H, W).</summary>
public sealed record ImageBatch(Tensor Images, Tensor Labels)
{
    public int Count => Images.Size(0);

    /// <summary>
    /// Stacks same-sized labelled images into a batch: bytes → [0, 1], then per-channel (x - mean) / std when given
    /// (torchvision's ToTensor + Normalize).
    /// </summary>
    public static ImageBatch Collate(IReadOnlyList<LabeledImage> samples, float[]? mean = null, float[]? std = null,
        Func<LabeledImage, int, FloatImage>? transform = null)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("collate: empty batch");
        }

        FloatImage Convert(LabeledImage sample, int i) => transform?.Invoke(sample, i) ?? FloatImage.FromBytes(sample.Image);
        var first = Convert(samples[0], 0);
        int c = first.Channels, h = first.Height, w = first.Width, plane = c * h * w;
        // the images are written into an array of the host tensor pool: a batch disposed after its step hands it on to the next batch
        var images = RawOps.Empty([samples.Count, c, h, w], DType.Float32, Device.Cpu);
        var data = ((float[])images.Storage.Data).AsSpan(0, samples.Count * plane);
        var labels = new long[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            var image = i == 0 ? first : Convert(samples[i], i);
            if (image.Channels != c || image.Height != h || image.Width != w)
            {
                throw new ArgumentException($"collate: sample {i} is {image.Channels}x{image.Height}x{image.Width}, the batch is {c}x{h}x{w}");
            }

            image.Data.AsSpan(0, plane).CopyTo(data.Slice(i * plane, plane));
            labels[i] = samples[i].Label;
        }

        if (mean != null && std != null)
        {
            Normalize(data, c, h * w, mean, std);
        }

        return new ImageBatch(images, Tensor.FromArray(labels, samples.Count));
    }

    private static void Normalize(Span<float> data, int channels, int plane, float[] mean, float[] std)
    {
        if (mean.Length != channels || std.Length != channels)
        {
            throw new ArgumentException($"normalize: {mean.Length} means and {std.Length} stds for {channels} channels");
        }

        for (int start = 0; start < data.Length; start += plane)
        {
            int channel = start / plane % channels;
            var span = data.Slice(start, plane);
            System.Numerics.Tensors.TensorPrimitives.Subtract(span, mean[channel], span);
            System.Numerics.Tensors.TensorPrimitives.Divide(span, std[channel], span);
        }
    }
}
