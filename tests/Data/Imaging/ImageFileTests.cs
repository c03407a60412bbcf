using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data.Imaging;

/// <summary>Decoding checked pixel by pixel against what Debian's python3-PIL decodes from the same files.</summary>
public class ImageFileTests
{
    [Theory]
    [InlineData("rgb8.png")]
    [InlineData("rgba8.png")]
    [InlineData("gray8.png")]
    [InlineData("gray_alpha8.png")]
    [InlineData("palette.png")]
    [InlineData("palette_trns.png")]
    [InlineData("rgb.bmp")]
    [InlineData("rgb.ppm")]
    [InlineData("gray.pgm")]
    [InlineData("palette.gif")]
    public void Read_LosslessFile_EqualsPilPixelsExactly(string file)
    {
        var expected = ImageFixtures.Pixels(file);

        var image = ImageFile.Read(ImageFixtures.PathOf(file));

        Assert.Equal((expected.Width, expected.Height, expected.Channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(expected.Samples, image.Pixels.Select(v => (int)v));
    }

    [Theory]
    [InlineData("progressive.jpg", 3)]
    [InlineData("baseline.jpg", 3)]
    [InlineData("gray.jpg", 1)]
    public void Read_Jpeg_MatchesPilWithinItsTolerance(string file, int channels)
    {
        var expected = ImageFixtures.Pixels(file);

        var image = ImageFile.Read(ImageFixtures.PathOf(file));

        Assert.Equal((expected.Width, expected.Height, channels), (image.Width, image.Height, image.Channels));
        var differences = image.Pixels.Select((v, i) => Math.Abs(v - expected.Samples[i])).ToArray();
        Assert.True(differences.Max() <= expected.Tolerance, $"{file}: largest difference to PIL {differences.Max()} > {expected.Tolerance}");
        Assert.True(differences.Average() < 1.0, $"{file}: mean difference to PIL {differences.Average():F3}");
    }

    [Theory]
    [InlineData("gray16.png", 1)]
    [InlineData("rgb16.png", 3)]
    public void Read16_SixteenBitPng_KeepsEverySample(string file, int channels)
    {
        var expected = ImageFixtures.Pixels(file);

        var image = ImageFile.Read16(ImageFixtures.PathOf(file));

        Assert.Equal((expected.Width, expected.Height, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(expected.Samples, image.Samples.Select(v => (int)v));
    }

    [Theory]
    [InlineData("gray16.png")]
    [InlineData("rgb16.png")]
    public void Read_SixteenBitPng_KeepsHighByteAsPilDoesForRgb(string file)
    {
        var expected = ImageFixtures.Pixels(file);

        var image = ImageFile.Read(ImageFixtures.PathOf(file));

        Assert.Equal(expected.Samples.Select(v => v >> 8), image.Pixels.Select(v => (int)v));
    }

    [Fact]
    public void Read16_EightBitPng_WidensExactly()
    {
        var expected = ImageFixtures.Pixels("rgb8.png");

        var image = ImageFile.Read16(ImageFixtures.PathOf("rgb8.png"));

        Assert.Equal(expected.Samples.Select(v => v * 257), image.Samples.Select(v => (int)v));
    }

    [Theory]
    [InlineData(1, ".png")]
    [InlineData(2, ".png")]
    [InlineData(3, ".png")]
    [InlineData(4, ".png")]
    [InlineData(1, ".bmp")]
    [InlineData(3, ".ppm")]
    [InlineData(4, ".webp")]
    public void Write_ThenRead_LosslessFormatsRoundTrip(int channels, string extension)
    {
        var image = Noise(13, 7, channels, seed: channels);
        var folder = Directory.CreateTempSubdirectory("ilgpunet-imaging-");
        string path = Path.Combine(folder.FullName, "out" + extension);

        ImageFile.Write(path, image);
        var read = ImageFile.Read(path);
        folder.Delete(recursive: true);

        var expected = extension == ".bmp" ? image.ToRgb() : image; // BMP has no gray: a gray image comes back as RGB
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (read.Width, read.Height, read.Channels));
        Assert.Equal(expected.Pixels, read.Pixels);
    }

    [Fact]
    public void Encode_SixteenBitPng_RoundTripsEverySample()
    {
        var samples = Enumerable.Range(0, 5 * 3 * 2).Select(i => (ushort)((i * 2654435761u) >> 16)).ToArray();
        var image = new UShortImage(5, 3, 2, samples);

        var decoded = ImageFile.Decode16(ImageFile.Encode(image));

        Assert.Equal(samples, decoded.Samples);
        Assert.Equal(2, decoded.Channels);
    }

    [Fact]
    public void Encode_Jpeg_DropsAlphaAndStaysCloseToTheImage()
    {
        var image = Smooth(64, 48);
        var rgba = new ByteImage(64, 48, 4, image.Pixels.Chunk(3).SelectMany(p => p.Append((byte)128)).ToArray());

        var decoded = ImageFile.Decode(ImageFile.Encode(rgba, ImageFormat.Jpeg, quality: 95));

        Assert.Equal(3, decoded.Channels);
        double meanDifference = decoded.Pixels.Zip(image.Pixels).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(meanDifference < 3, $"mean difference {meanDifference:F2}");
    }

    [Theory]
    [InlineData("rgb8.png", ImageFormat.Png)]
    [InlineData("progressive.jpg", ImageFormat.Jpeg)]
    [InlineData("rgb.bmp", ImageFormat.Bmp)]
    [InlineData("palette.gif", ImageFormat.Gif)]
    [InlineData("gray.pgm", ImageFormat.Pnm)]
    public void DetectFormat_ReadsTheFirstBytesNotTheName(string file, ImageFormat format)
    {
        Assert.Equal(format, ImageFile.DetectFormat(ImageFixtures.Bytes(file)));
        Assert.Equal(ImageFormat.Unknown, ImageFile.DetectFormat("plain text"u8));
    }

    internal static ByteImage Noise(int width, int height, int channels, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * channels];
        random.NextBytes(pixels);
        return new ByteImage(width, height, channels, pixels);
    }

    internal static ByteImage Smooth(int width, int height)
    {
        var image = new ByteImage(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.At(x, y, 0) = (byte)(x * 255 / (width - 1));
                image.At(x, y, 1) = (byte)(y * 255 / (height - 1));
                image.At(x, y, 2) = (byte)(128 + (60 * Math.Sin(x / 9.0)));
            }
        }

        return image;
    }
}
