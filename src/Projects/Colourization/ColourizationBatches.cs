using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Loading;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Colourization;

/// <summary>
/// One split for colourization as classification: the input is the grey image, the mean of R, G and B in [0, 1] (the
/// assignment's grey), (N, 1, H, W); the target is each pixel's colour class, its nearest palette centroid, (N, H, W).
/// Both are computed once, so a batch is two copies. Batch order: <see cref="DataLoader{TSample, TBatch}"/>'s (seed, epoch) permutation.
/// </summary>
public sealed class ColourizationBatches : IClassificationBatches
{
    private readonly float[] grey;
    private readonly byte[] classes;
    private readonly ulong seed;

    public ColourizationBatches(IReadOnlyList<ByteImage> images, ColourPalette palette, ulong seed)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("a colourization split needs at least one image");
        }

        (Height, Width) = (images[0].Height, images[0].Width);
        Images = images;
        this.seed = seed;
        int plane = Height * Width;
        grey = new float[images.Count * plane];
        classes = new byte[images.Count * plane];
        Parallel.For(0, images.Count, i =>
        {
            var image = images[i];
            if (image.Width != Width || image.Height != Height)
            {
                throw new ArgumentException($"image {i} is {image.Width}×{image.Height}, the split's first is {Width}×{Height}");
            }

            palette.Classes(image).CopyTo(classes, i * plane);
            for (int p = 0; p < plane; p++)
            {
                grey[i * plane + p] = (image.Pixels[3 * p] + image.Pixels[3 * p + 1] + image.Pixels[3 * p + 2]) / (3 * 255f);
            }
        });
    }

    /// <summary>The colour images, as given.</summary>
    public IReadOnlyList<ByteImage> Images { get; }

    public int Height { get; }

    public int Width { get; }

    public int Count => Images.Count;

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    public IEnumerable<ImageBatch> Batches(int epoch, int batchSize, bool shuffle)
    {
        var loader = new DataLoader<int, ImageBatch>(new Indices(Count), batchSize, Collate, shuffle: shuffle, seed: seed);
        return loader.Epoch(epoch);
    }

    public IClassificationBatches WithoutAugmentation() => this;

    /// <summary>Image <paramref name="index"/>'s colour classes, row by row.</summary>
    public ReadOnlySpan<byte> Classes(int index) => classes.AsSpan(index * Height * Width, Height * Width);

    /// <summary>Image <paramref name="index"/>'s grey input in [0, 1], row by row.</summary>
    public ReadOnlySpan<float> GreyValues(int index) => grey.AsSpan(index * Height * Width, Height * Width);

    /// <summary>Image <paramref name="index"/>'s grey input as an image (what the networks see).</summary>
    public ByteImage Grey(int index)
    {
        var image = new ByteImage(Width, Height, 1);
        for (int p = 0; p < Height * Width; p++)
        {
            image.Pixels[p] = FloatImage.ToByte(grey[index * Height * Width + p] * 255.0);
        }

        return image;
    }

    /// <summary>The grey inputs (N, 1, H, W) of some images, in the given order.</summary>
    public Tensor Inputs(IReadOnlyList<int> indices) => Collate(indices).Images;

    private ImageBatch Collate(IReadOnlyList<int> indices)
    {
        int plane = Height * Width;
        var inputs = new float[indices.Count * plane];
        var targets = new long[indices.Count * plane];
        for (int i = 0; i < indices.Count; i++)
        {
            grey.AsSpan(indices[i] * plane, plane).CopyTo(inputs.AsSpan(i * plane));
            var source = classes.AsSpan(indices[i] * plane, plane);
            for (int p = 0; p < plane; p++)
            {
                targets[i * plane + p] = source[p];
            }
        }

        return new ImageBatch(Tensor.FromArray(inputs, indices.Count, 1, Height, Width), Tensor.FromArray(targets, indices.Count, Height, Width));
    }

    private sealed class Indices(int count) : IDataset<int>
    {
        public int Count => count;

        public int this[int index] => index;
    }
}
