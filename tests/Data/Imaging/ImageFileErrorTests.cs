using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Data.Imaging;

public sealed class ImageFileErrorTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ilgpunet-imaging-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("rgb8.png", 0.6)]
    [InlineData("progressive.jpg", 0.6)]
    [InlineData("baseline.jpg", 0.9)]
    [InlineData("gray.jpg", 0.5)]
    public void Read_TruncatedFile_NamesFileAndSaysCorruptOrTruncated(string fixture, double keptFraction)
    {
        var bytes = ImageFixtures.Bytes(fixture);

        var error = ReadFails("cut-" + fixture, bytes[..(int)(bytes.Length * keptFraction)]);

        Assert.StartsWith(Path.Combine(directory, "cut-" + fixture) + ": ", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Read_PngWithCorruptImageData_IsAnInvalidFileException()
    {
        var png = ImageFixtures.Bytes("rgb8.png");
        for (int i = 60; i < png.Length - 20; i += 7)
        {
            png[i] ^= 0x5A;
        }

        var error = ReadFails("scrambled.png", png);

        Assert.Contains("scrambled.png: ", error.Message);
        Assert.Equal(Path.Combine(directory, "scrambled.png"), error.FilePath);
    }

    [Fact]
    public void Read_PgmWithMaxvalZero_IsAnInvalidFileException()
    {
        // ImageSharp 2.1's PBM decoder divides by the maxval; the division error is the file's fault and is reported as such
        byte[] pgm = [.. "P5 2 2 0\n"u8, 0, 0, 0, 0];

        var error = ReadFails("zero.pgm", pgm);

        Assert.StartsWith(Path.Combine(directory, "zero.pgm") + ": corrupt or truncated", error.Message);
    }

    [Fact]
    public void Read_TextFile_SaysNotAnImageAndNamesFile()
    {
        var error = ReadFails("notes.txt", "hello, world"u8.ToArray());

        Assert.Contains("notes.txt: not a PNG, JPEG, BMP, GIF", error.Message);
        Assert.Contains("first bytes 68656C6C6F2C2077", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_SaysEmpty()
    {
        var error = ReadFails("empty.png", []);

        Assert.EndsWith("empty.png: empty file, not an image", error.Message);
    }

    [Fact]
    public void Read_HeaderClaimingHugeSize_IsRefusedBeforeDecoding()
    {
        // 200000 x 200000 RGB would be 120 GB; the header alone must be enough to refuse it.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var error = Assert.Throws<InvalidFileException>(() => ImageFile.Read(ImageFixtures.PathOf("huge.png")));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("huge.png: the PNG header claims 200000x200000 pixels", error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes while refusing the file");
    }

    [Fact]
    public void Identify_ReadsSizeWithoutDecoding()
    {
        Assert.Equal((64, 48), ImageFile.Identify(ImageFixtures.PathOf("progressive.jpg")));
    }

    [Fact]
    public void Write_UnknownExtension_IsRefusedWithTheSupportedListAndNoFile()
    {
        string path = Path.Combine(directory, "out.xyz");

        var error = Assert.Throws<NotSupportedException>(() => ImageFile.Write(path, new ByteImage(1, 1, 1)));

        Assert.Contains("out.xyz", error.Message);
        Assert.Contains(".png", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    private InvalidFileException ReadFails(string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return Assert.Throws<InvalidFileException>(() => ImageFile.Read(path));
    }
}
