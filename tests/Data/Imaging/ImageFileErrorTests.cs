using System.Buffers.Binary;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Data.Imaging;

public sealed class ImageFileErrorTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ilgpunet-imaging-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Read_PngWithBadCrc_NamesFileAndChunk()
    {
        var png = ValidPng();
        png[^20] ^= 0x55; // inside the IDAT body
        var error = ReadFails("bad-crc.png", png);

        Assert.Contains("bad-crc.png", error.Message);
        Assert.Contains("bad CRC in IDAT", error.Message);
    }

    [Fact]
    public void Read_PngCutInsideIdat_ReportsTruncatedIdat()
    {
        var png = ValidPng();
        var error = ReadFails("cut.png", png[..(png.Length - 30)]);

        Assert.Contains("cut.png", error.Message);
        Assert.Contains("truncated IDAT", error.Message);
    }

    [Fact]
    public void Read_PngWhoseZlibStreamEndsEarly_ReportsTruncatedImageData()
    {
        var samples = PngDecoderTests.RandomSamples(64 * 64 * 3, 8, seed: 1);
        var whole = PngFixtureWriter.Write(64, 64, 2, 8, samples);
        int idatLength = BinaryPrimitives.ReadInt32BigEndian(whole.AsSpan(33));
        var stream = new MemoryStream();
        stream.Write(whole.AsSpan(0, 33)); // signature + IHDR
        PngFixtureWriter.WriteChunk(stream, "IDAT", whole.AsSpan(41, idatLength / 2));
        PngFixtureWriter.WriteChunk(stream, "IEND", []);

        var error = ReadFails("short-zlib.png", stream.ToArray());

        Assert.Contains("short-zlib.png", error.Message);
        Assert.Contains("IDAT", error.Message);
    }

    [Fact]
    public void Read_PngWithoutIend_ReportsTruncation()
    {
        var png = ValidPng();
        var error = ReadFails("no-iend.png", png[..(png.Length - 12)]);

        Assert.Contains("no-iend.png", error.Message);
        Assert.Contains("before the IEND chunk", error.Message);
    }

    [Fact]
    public void Read_TextFile_SaysNotAnImageAndNamesFile()
    {
        var error = ReadFails("notes.txt", "hello, world"u8.ToArray());

        Assert.Contains("notes.txt", error.Message);
        Assert.Contains("not a PNG, JPEG, BMP or PGM/PPM image", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_SaysEmpty()
    {
        var error = ReadFails("empty.png", []);

        Assert.Contains("empty.png: empty file", error.Message);
    }

    [Fact]
    public void Write_ThenRead_PngRoundTrips()
    {
        var image = new ByteImage(4, 3, 3, Enumerable.Range(0, 36).Select(i => (byte)(i * 7)).ToArray());
        string path = Path.Combine(directory, "out.PNG");

        ImageFile.Write(path, image);

        Assert.Equal(image.Pixels, ImageFile.Read(path).Pixels);
    }

    [Fact]
    public void Write_UnknownExtension_IsRefusedWithTheSupportedList()
    {
        var error = Assert.Throws<NotSupportedException>(() => ImageFile.Write(Path.Combine(directory, "out.tiff"), new ByteImage(1, 1, 1)));

        Assert.Contains("out.tiff", error.Message);
        Assert.Contains(".png", error.Message);
    }

    private static byte[] ValidPng() =>
        PngFixtureWriter.Write(16, 16, 2, 8, PngDecoderTests.RandomSamples(16 * 16 * 3, 8, seed: 3));

    private InvalidFileException ReadFails(string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return Assert.Throws<InvalidFileException>(() => ImageFile.Read(path));
    }
}
