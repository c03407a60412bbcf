using System.Buffers.Binary;
using System.IO.Compression;
using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Tests.Data;

public class IdxDatasetTests
{
    private static byte[] Idx(int typeAndDims, int[] shape, byte[] data)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, typeAndDims);
        for (int d = 0; d < shape.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        }

        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    private static void WriteGzip(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }

    private static byte[] Pixels(int count, int rows, int columns) =>
        Enumerable.Range(0, count * rows * columns).Select(i => (byte)(i * 13 % 251)).ToArray();

    [Fact]
    public void OpenSplit_ReadsGzipAndRawFilesWithCanonicalNames()
    {
        using var folder = new TempFolder();
        var pixels = Pixels(3, 4, 5);
        WriteGzip(folder.File("t10k-images-idx3-ubyte.gz"), Idx(0x803, [3, 4, 5], pixels));
        File.WriteAllBytes(folder.File("t10k-labels-idx1-ubyte"), Idx(0x801, [3], [7, 0, 9]));

        var dataset = IdxDataset.OpenSplit(folder.Path, train: false);

        Assert.Equal((3, 4, 5), (dataset.Count, dataset.Rows, dataset.Columns));
        var sample = dataset[2];
        Assert.Equal(9, sample.Label);
        Assert.Equal((5, 4, 1), (sample.Image.Width, sample.Image.Height, sample.Image.Channels));
        Assert.Equal(pixels[2 * 20 + 3 * 5 + 1], sample.Image.At(1, 3, 0));
    }

    [Fact]
    public void Open_CountMismatch_NamesBothFiles()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("i"), Idx(0x803, [3, 2, 2], Pixels(3, 2, 2)));
        File.WriteAllBytes(folder.File("l"), Idx(0x801, [2], [1, 2]));
        var error = Assert.Throws<InvalidDataException>(() => IdxDataset.Open(folder.File("i"), folder.File("l")));
        Assert.Contains("3 images", error.Message);
        Assert.Contains("2 labels", error.Message);
    }

    [Fact]
    public void Open_WrongMagicOrTruncatedData_IsRejected()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("labels-as-images"), Idx(0x801, [2], [1, 2]));
        File.WriteAllBytes(folder.File("floats"), Idx(0x0D03, [1, 1, 1], [0, 0, 0, 0]));
        File.WriteAllBytes(folder.File("short"), Idx(0x803, [2, 2, 2], [1, 2, 3]));
        File.WriteAllBytes(folder.File("labels"), Idx(0x801, [2], [1, 2]));
        Assert.Contains("0x00000803", Assert.Throws<InvalidDataException>(() => IdxDataset.Open(folder.File("labels-as-images"), folder.File("labels"))).Message);
        Assert.Contains("unsigned byte", Assert.Throws<InvalidDataException>(() => IdxArray.Read(folder.File("floats"), 3)).Message);
        Assert.Contains("8 bytes", Assert.Throws<InvalidDataException>(() => IdxArray.Read(folder.File("short"), 3)).Message);
    }

    [Fact]
    public void OpenSplit_MissingFiles_ListsNamesTried()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => IdxDataset.OpenSplit(folder.Path, train: true));
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
    }
}
