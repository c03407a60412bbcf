using System.Buffers.Binary;
using System.Text;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Data.Imaging;

public class BmpAndPnmDecoderTests
{
    // A 3x2 RGB picture, top row first: red green blue / white black gray.
    private static readonly byte[] Rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bmp24_BottomUpOrTopDown_GivesRowsTopFirst(bool topDown)
    {
        var bmp = Bmp(3, 2, 24, topDown, rowBytes: y => Rgb.AsSpan(y * 9, 9).ToArray().Chunk(3).SelectMany(p => new[] { p[2], p[1], p[0] }).ToArray());

        var image = ImageFile.Decode(bmp, "test.bmp");

        Assert.Equal((3, 2, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(Rgb, image.Pixels);
    }

    [Fact]
    public void Bmp32_BiRgb_IgnoresThePaddingByte()
    {
        var bmp = Bmp(3, 2, 32, topDown: false, rowBytes: y => Rgb.AsSpan(y * 9, 9).ToArray().Chunk(3).SelectMany(p => new byte[] { p[2], p[1], p[0], 7 }).ToArray());

        var image = BmpDecoder.Decode(bmp);

        Assert.Equal(3, image.Channels);
        Assert.Equal(Rgb, image.Pixels);
    }

    [Fact]
    public void Bmp32_BitFieldsWithAlphaMask_GivesRgba()
    {
        uint[] masks = [0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000];
        var bmp = Bmp(1, 1, 32, topDown: true, rowBytes: _ => [30, 20, 10, 40], compression: 3, headerSize: 108, masks: masks);

        var image = BmpDecoder.Decode(bmp);

        Assert.Equal(new byte[] { 10, 20, 30, 40 }, image.Pixels);
    }

    [Fact]
    public void Bmp8_ColourPalette_GivesRgbAndGrayPaletteGivesOneChannel()
    {
        byte[] colourPalette = [0, 0, 255, 0, 0, 255, 0, 0]; // BGRx: red, green
        var colour = BmpDecoder.Decode(Bmp(3, 1, 8, topDown: false, rowBytes: _ => [1, 0, 1], palette: colourPalette));
        byte[] grayPalette = [0, 0, 0, 0, 200, 200, 200, 0];
        var gray = BmpDecoder.Decode(Bmp(3, 1, 8, topDown: false, rowBytes: _ => [1, 0, 1], palette: grayPalette));

        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 0, 0, 255, 0 }, colour.Pixels);
        Assert.Equal(new byte[] { 200, 0, 200 }, gray.Pixels);
    }

    [Fact]
    public void Bmp_TruncatedPixelData_NamesFile()
    {
        var bmp = Bmp(3, 2, 24, topDown: false, rowBytes: _ => new byte[9]);

        var error = Assert.Throws<InvalidFileException>(() => ImageFile.Decode(bmp.AsSpan(0, bmp.Length - 5), "cut.bmp"));

        Assert.StartsWith("cut.bmp: truncated BMP pixel data", error.Message);
    }

    [Fact]
    public void Ppm_WithComments_GivesRgb()
    {
        var ppm = Netpbm("P6\n# made by a test\n3 2\n# another\n255\n", Rgb);

        var image = ImageFile.Decode(ppm, "test.ppm");

        Assert.Equal((3, 2, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(Rgb, image.Pixels);
    }

    [Fact]
    public void Pgm_MaxvalBelow255_IsScaledToFullRange()
    {
        var image = PnmDecoder.Decode(Netpbm("P5 2 2 15\n", [0, 5, 10, 15]));

        Assert.Equal(1, image.Channels);
        Assert.Equal(new byte[] { 0, 85, 170, 255 }, image.Pixels);
    }

    [Theory]
    [InlineData("P5 4 4 255\n", "truncated PGM/PPM samples")]
    [InlineData("P5 4 4 65535\n", "unsupported PGM/PPM maxval 65535")]
    [InlineData("P6 4 x 255\n", "expected the height")]
    public void Pnm_BadInput_NamesFileAndProblem(string header, string problem)
    {
        var error = Assert.Throws<InvalidFileException>(() => ImageFile.Decode(Netpbm(header, [1, 2, 3]), "img.pgm"));

        Assert.StartsWith("img.pgm: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private static byte[] Netpbm(string header, byte[] samples) => [.. Encoding.ASCII.GetBytes(header), .. samples];

    /// <summary>A BMP with a BITMAPINFOHEADER (or a V4 header for bit fields); rowBytes gets the image row (top = 0).</summary>
    private static byte[] Bmp(
        int width, int height, int bitsPerPixel, bool topDown, Func<int, byte[]> rowBytes, byte[]? palette = null, int compression = 0, int headerSize = 40, uint[]? masks = null)
    {
        int stride = ((width * bitsPerPixel) + 31) / 32 * 4;
        int pixelOffset = 14 + headerSize + (palette?.Length ?? 0);
        var file = new byte[pixelOffset + (stride * height)];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), pixelOffset);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), headerSize);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), topDown ? -height : height);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), (short)bitsPerPixel);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(30), compression);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(46), (palette?.Length ?? 0) / 4);
        for (int i = 0; masks != null && i < masks.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(54 + (i * 4)), masks[i]);
        }

        palette?.CopyTo(file, 14 + headerSize);
        for (int y = 0; y < height; y++)
        {
            int storedRow = topDown ? y : height - 1 - y;
            rowBytes(y).CopyTo(file, pixelOffset + (storedRow * stride));
        }

        return file;
    }
}
