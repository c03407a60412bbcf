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
}
