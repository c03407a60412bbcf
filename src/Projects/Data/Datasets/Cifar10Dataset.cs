using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// CIFAR-10, either version its site publishes. Binary: records of 1 label byte + 3072 bytes (1024 R, 1024 G, 1024 B,
/// rows top to bottom) in data_batch_1..5.bin (train) or test_batch.bin (test), class names from batches.meta.txt, one
/// per line. Python: the same images and labels pickled in data_batch_1..5 and test_batch, class names in batches.meta
/// (read by <see cref="CifarPythonBatch"/>, which runs no Python). <see cref="OfClass"/> keeps one class (the
/// colourization project trains on the horses).
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

    /// <summary>
    /// The split under <paramref name="root"/>: a folder holding the batch files of either version, or one holding
    /// cifar-10-batches-bin/ or cifar-10-batches-py/ (the binary version is taken when both are there).
    /// </summary>
    public static Cifar10Dataset Open(string root, bool train)
    {
        string folder = new[] { "cifar-10-batches-bin", "cifar-10-batches-py" }.Select(name => Path.Combine(root, name)).FirstOrDefault(Directory.Exists) ?? root;
        bool python = !File.Exists(Path.Combine(folder, "test_batch.bin")) && !File.Exists(Path.Combine(folder, "data_batch_1.bin"))
            && (File.Exists(Path.Combine(folder, "test_batch")) || File.Exists(Path.Combine(folder, "data_batch_1")));
        string extension = python ? "" : ".bin";
        var names = train ? Enumerable.Range(1, 5).Select(i => $"data_batch_{i}{extension}").ToArray() : [$"test_batch{extension}"];
        var files = names.Select(name => Path.Combine(folder, name)).ToList();
        var missing = files.Where(file => !File.Exists(file)).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"CIFAR-10 {(train ? "train" : "test")} split incomplete in {folder}: missing {string.Join(", ", missing.Select(Path.GetFileName))}");
        }

        if (python)
        {
            var pythonMeta = Path.Combine(folder, "batches.meta");
            return FromPythonBatches(files, File.Exists(pythonMeta) ? CifarPythonBatch.ReadLabelNames(pythonMeta) : DefaultClassNames);
        }

        var meta = Path.Combine(folder, "batches.meta.txt");
        var classNames = File.Exists(meta) ? ReadClassNames(meta) : DefaultClassNames;
        return FromBatchFiles(files, classNames);
    }

    /// <summary>The python version's pickled batches, as records of the binary layout.</summary>
    public static Cifar10Dataset FromPythonBatches(IReadOnlyList<string> files, IReadOnlyList<string> classNames)
    {
        using var all = new MemoryStream();
        foreach (var file in files)
        {
            var (images, labels) = CifarPythonBatch.Read(file);
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] < 0 || labels[i] >= classNames.Count)
                {
                    throw new InvalidDataException($"{file}: image {i} has label {labels[i]}, but there are {classNames.Count} classes");
                }

                all.WriteByte((byte)labels[i]);
                all.Write(images, i * ImageBytes, ImageBytes);
            }
        }

        return new Cifar10Dataset(all.ToArray(), classNames);
    }

    /// <summary>Only the images of one class (by name, as in <see cref="ClassNames"/>), in their order; labels kept.</summary>
    public Cifar10Dataset OfClass(string className)
    {
        int label = ClassNames.ToList().IndexOf(className);
        if (label < 0)
        {
            throw new ArgumentException($"CIFAR-10 has no class '{className}'; its classes: {string.Join(", ", ClassNames)}");
        }

        using var kept = new MemoryStream();
        for (int i = 0; i < Count; i++)
        {
            if (Labels[i] == label)
            {
                kept.Write(records, i * RecordBytes, RecordBytes);
            }
        }

        return new Cifar10Dataset(kept.ToArray(), ClassNames);
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
