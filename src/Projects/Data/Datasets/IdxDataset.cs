using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>MNIST / Fashion-MNIST: an IDX images file (N x rows x cols) and an IDX labels file (N), held in memory.</summary>
public sealed class IdxDataset : IDataset<LabeledImage>
{
    private IdxDataset(byte[] pixels, byte[] labels, int rows, int columns)
    {
        Pixels = pixels;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    public int Count => Labels.Length;

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>All images, N x rows x cols bytes.</summary>
    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public LabeledImage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            int size = Rows * Columns;
            return new LabeledImage(new ByteImage(Columns, Rows, 1, Pixels.AsSpan(index * size, size).ToArray()), Labels[index]);
        }
    }

    public static IdxDataset Open(string imagesPath, string labelsPath)
    {
        var images = IdxArray.Read(imagesPath, expectedDimensions: 3);
        var labels = IdxArray.Read(labelsPath, expectedDimensions: 1);
        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException(
                $"{imagesPath} holds {images.Shape[0]} images but {labelsPath} holds {labels.Shape[0]} labels");
        }

        return new IdxDataset(images.Data, labels.Data, images.Shape[1], images.Shape[2]);
    }

    /// <summary>
    /// The train ("train-*") or test ("t10k-*") split in <paramref name="folder"/>, under the canonical names
    /// train-images-idx3-ubyte[.gz] (or the "train-images.idx3-ubyte" spelling some copies use).
    /// </summary>
    public static IdxDataset OpenSplit(string folder, bool train)
    {
        string prefix = train ? "train" : "t10k";
        return Open(FindFile(folder, prefix, "images", 3), FindFile(folder, prefix, "labels", 1));
    }

    private static string FindFile(string folder, string prefix, string kind, int dimensions)
    {
        var candidates = new[] { $"{prefix}-{kind}-idx{dimensions}-ubyte", $"{prefix}-{kind}.idx{dimensions}-ubyte" }
            .SelectMany(name => new[] { name + ".gz", name })
            .Select(name => Path.Combine(folder, name))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"no {kind} file in {folder}; looked for {string.Join(", ", candidates.Select(Path.GetFileName))}");
    }
}
