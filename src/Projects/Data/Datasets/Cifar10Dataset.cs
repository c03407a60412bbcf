using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// CIFAR-10 binary version: records of 1 label byte + 3072 bytes (1024 R, 1024 G, 1024 B, rows top to bottom) in
/// data_batch_1..5.bin (train) or test_batch.bin (test); class names from batches.meta.txt, one per line.
/// </summary>
public sealed class Cifar10Dataset : IDataset<LabeledImage>
{
    public const int Side = 32;
    private const int ImageBytes = 3 * Side * Side;
    private const int RecordBytes = 1 + ImageBytes;

    private static readonly string[] DefaultClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private readonly byte[] records;

    private Cifar10Dataset(byte[] records, IReadOnlyList<string> classNames)
    {
        this.records = records;
        ClassNames = classNames;
        Labels = new byte[records.Length / RecordBytes];
        for (int i = 0; i < Labels.Length; i++)
        {
            Labels[i] = records[i * RecordBytes];
        }
    }

    public int Count => Labels.Length;

    public IReadOnlyList<string> ClassNames { get; }

    public byte[] Labels { get; }

    /// <summary>Sample as an HWC RGB ByteImage (converted from the file's planar layout).</summary>
    public LabeledImage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var planes = records.AsSpan(index * RecordBytes + 1, ImageBytes);
            var image = new ByteImage(Side, Side, 3);
            const int plane = Side * Side;
            for (int i = 0; i < plane; i++)
            {
                image.Pixels[3 * i] = planes[i];
                image.Pixels[3 * i + 1] = planes[plane + i];
                image.Pixels[3 * i + 2] = planes[2 * plane + i];
            }

            return new LabeledImage(image, Labels[index]);
        }
    }

    /// <summary>The split under <paramref name="root"/>: the folder holding the .bin files, or one holding cifar-10-batches-bin/.</summary>
    public static Cifar10Dataset Open(string root, bool train)
    {
        string folder = Directory.Exists(Path.Combine(root, "cifar-10-batches-bin")) ? Path.Combine(root, "cifar-10-batches-bin") : root;
        var names = train ? Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray() : ["test_batch.bin"];
        var files = names.Select(name => Path.Combine(folder, name)).ToList();
        var missing = files.Where(file => !File.Exists(file)).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"CIFAR-10 {(train ? "train" : "test")} split incomplete in {folder}: missing {string.Join(", ", missing.Select(Path.GetFileName))}");
        }

        var meta = Path.Combine(folder, "batches.meta.txt");
        var classNames = File.Exists(meta) ? ReadClassNames(meta) : DefaultClassNames;
        return FromBatchFiles(files, classNames);
    }

    public static Cifar10Dataset FromBatchFiles(IReadOnlyList<string> files, IReadOnlyList<string> classNames)
    {
        using var all = new MemoryStream();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            {
                throw new InvalidDataException($"{file}: {bytes.Length} bytes is not a whole number of {RecordBytes}-byte CIFAR-10 records");
            }

            for (int offset = 0; offset < bytes.Length; offset += RecordBytes)
            {
                if (bytes[offset] >= classNames.Count)
                {
                    throw new InvalidDataException($"{file}: record {offset / RecordBytes} has label {bytes[offset]}, but there are {classNames.Count} classes");
                }
            }

            all.Write(bytes);
        }

        return new Cifar10Dataset(all.ToArray(), classNames);
    }

    public static IReadOnlyList<string> ReadClassNames(string metaPath) =>
        File.ReadAllLines(metaPath).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
}
