using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Tests.Data;

public class Cifar10DatasetTests
{
    private static byte[] Record(byte label, byte seed)
    {
        var record = new byte[3073];
        record[0] = label;
        for (int i = 1; i < record.Length; i++)
        {
            record[i] = (byte)((i * 31 + seed) % 256);
        }

        return record;
    }

    [Fact]
    public void Open_TestSplit_ConvertsPlanarRecordsToRgbPixelsWithMetaNames()
    {
        using var folder = new TempFolder();
        var bin = folder.File("cifar-10-batches-bin", "test_batch.bin");
        File.WriteAllBytes(bin, [.. Record(3, 0), .. Record(9, 5)]);
        File.WriteAllText(folder.File("cifar-10-batches-bin", "batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 10).Select(i => $"class{i}")) + "\n\n");

        var dataset = Cifar10Dataset.Open(folder.Path, train: false);

        Assert.Equal(2, dataset.Count);
        Assert.Equal("class9", dataset.ClassNames[9]);
        var sample = dataset[1];
        Assert.Equal(9, sample.Label);
        var record = Record(9, 5);
        int x = 7, y = 2;
        Assert.Equal(record[1 + y * 32 + x], sample.Image.At(x, y, 0));
        Assert.Equal(record[1 + 1024 + y * 32 + x], sample.Image.At(x, y, 1));
        Assert.Equal(record[1 + 2048 + y * 32 + x], sample.Image.At(x, y, 2));
    }

    [Fact]
    public void Open_TrainSplitMissingBatches_NamesThem()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("data_batch_1.bin"), Record(0, 0));
        var error = Assert.Throws<FileNotFoundException>(() => Cifar10Dataset.Open(folder.Path, train: true));
        Assert.Contains("data_batch_5.bin", error.Message);
    }

    [Fact]
    public void FromBatchFiles_PartialRecordOrBadLabel_IsRejected()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("short.bin"), new byte[3000]);
        File.WriteAllBytes(folder.File("label.bin"), Record(10, 0));
        var names = Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray();
        Assert.Throws<InvalidDataException>(() => Cifar10Dataset.FromBatchFiles([folder.File("short.bin")], names));
        Assert.Contains("label 10", Assert.Throws<InvalidDataException>(() => Cifar10Dataset.FromBatchFiles([folder.File("label.bin")], names)).Message);
    }

    private static readonly string[] ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Batch b's images: planar R, G, B planes of 1024 bytes each, every byte a function of (batch, image, position).</summary>
    private static byte[] PlanarImages(int batch, int count)
    {
        var images = new byte[count * 3072];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (byte)((i * 13 + batch * 71) % 251);
        }

        return images;
    }

    private static string WritePythonVersion(TempFolder folder, bool python3)
    {
        string root = folder.File("cifar-10-batches-py");
        Directory.CreateDirectory(root);
        for (int b = 1; b <= 5; b++)
        {
            CifarPickle.WriteBatch(Path.Combine(root, $"data_batch_{b}"), PlanarImages(b, 3), [(byte)b, 7, (byte)(b + 4)], python3);
        }

        CifarPickle.WriteBatch(Path.Combine(root, "test_batch"), PlanarImages(0, 2), [7, 3], python3);
        CifarPickle.WriteMeta(Path.Combine(root, "batches.meta"), ClassNames, python3);
        return root;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_PythonVersion_ReadsThePickledBatchesLikeTheBinaryOnes(bool python3)
    {
        using var folder = new TempFolder();
        WritePythonVersion(folder, python3);

        var train = Cifar10Dataset.Open(folder.Path, train: true);
        var test = Cifar10Dataset.Open(folder.Path, train: false);

        Assert.Equal(ClassNames, train.ClassNames);
        Assert.Equal([1, 7, 5, 2, 7, 6, 3, 7, 7, 4, 7, 8, 5, 7, 9], train.Labels.Select(l => (int)l));
        Assert.Equal([7, 3], test.Labels.Select(l => (int)l));
        var planes = PlanarImages(4, 3); // train image 10 is batch 4's image 1
        var sample = train[10];
        int x = 5, y = 30, offset = 3072 + y * 32 + x;
        Assert.Equal(7, sample.Label);
        Assert.Equal(planes[offset], sample.Image.At(x, y, 0));
        Assert.Equal(planes[offset + 1024], sample.Image.At(x, y, 1));
        Assert.Equal(planes[offset + 2048], sample.Image.At(x, y, 2));
    }

    [Fact]
    public void Locate_FindsThePythonVersionUnderData()
    {
        using var folder = new TempFolder();
        string root = WritePythonVersion(folder, python3: false);

        var found = new DatasetLocator(folder.Path, _ => null, folder.File("home"), []).Locate("cifar10");

        Assert.Equal(root, found);
        Assert.Equal(15, Cifar10Dataset.Open(found, train: true).Count);
    }

    [Fact]
    public void OfClass_KeepsOnlyThatClassInOrder_AndRejectsAnUnknownName()
    {
        using var folder = new TempFolder();
        WritePythonVersion(folder, python3: false);
        var train = Cifar10Dataset.Open(folder.Path, train: true);

        var horses = train.OfClass("horse");

        Assert.Equal(6, horses.Count);
        Assert.All(Enumerable.Range(0, horses.Count), i => Assert.Equal(7, horses[i].Label));
        Assert.Equal(train[4].Image.Pixels, horses[1].Image.Pixels); // the second horse is train image 4 (batch 2's image 1)
        var error = Assert.Throws<ArgumentException>(() => train.OfClass("zebra"));
        Assert.Contains("zebra", error.Message);
        Assert.Contains("horse", error.Message);
    }

    [Fact]
    public void Open_CorruptPythonBatch_NamesTheFile()
    {
        using var folder = new TempFolder();
        string root = WritePythonVersion(folder, python3: false);
        string batch = Path.Combine(root, "data_batch_3");
        var bytes = File.ReadAllBytes(batch);
        File.WriteAllBytes(batch, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => Cifar10Dataset.Open(folder.Path, train: true));

        Assert.Contains(batch, error.Message);
    }

    [Fact]
    public void Open_PythonBatchWithAForeignGlobal_IsRefusedNotRun()
    {
        using var folder = new TempFolder();
        string root = WritePythonVersion(folder, python3: false);
        string batch = Path.Combine(root, "test_batch");
        File.WriteAllBytes(batch, [0x80, 2, .. "cos\nsystem\n"u8.ToArray(), (byte)'U', 2, (byte)'l', (byte)'s', 0x85, (byte)'R', (byte)'.']);

        var error = Assert.Throws<InvalidDataException>(() => Cifar10Dataset.Open(folder.Path, train: false));

        Assert.Contains("os.system", error.Message);
        Assert.Contains(batch, error.Message);
    }
}
