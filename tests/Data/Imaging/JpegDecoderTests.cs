using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels.Native;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Data.Imaging;

public class JpegDecoderTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void Decode_TurboJpegEncodedImage_MatchesWithinTolerance(int channels, bool progressive)
    {
        var image = SmoothImage(40, 24, channels);
        var jpeg = TurboJpeg.Compress(image.Pixels, image.Width, image.Height, channels, quality: 95, progressive, subsampleChroma: false);

        var decoded = JpegDecoder.Decode(jpeg);

        Assert.Equal((image.Width, image.Height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        double meanError = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average();
        int maxError = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(meanError < 2 && maxError < 16, $"mean error {meanError:F2}, max error {maxError}");
    }

    [Fact]
    public void Encode_Progressive_WritesAProgressiveFrameMarker()
    {
        var image = SmoothImage(16, 16, 3);

        bool Has(byte[] jpeg, byte marker) => jpeg.AsSpan().IndexOf(new byte[] { 0xFF, marker }) >= 0;
        var progressive = JpegEncoder.Encode(image, progressive: true);
        var baseline = JpegEncoder.Encode(image);

        Assert.True(Has(progressive, 0xC2) && !Has(progressive, 0xC0), "progressive JPEG should have SOF2 and no SOF0");
        Assert.True(Has(baseline, 0xC0), "baseline JPEG should have SOF0");
    }

    [Fact]
    public void ImageFileRead_Jpeg_DispatchesByMagicBytes()
    {
        var image = SmoothImage(8, 8, 3);
        string path = Path.Combine(Path.GetTempPath(), $"ilgpunet-{Guid.NewGuid():N}.data");
        File.WriteAllBytes(path, JpegEncoder.Encode(image, quality: 100));
        try
        {
            var decoded = ImageFile.Read(path);
            Assert.Equal(3, decoded.Channels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ImageFileWrite_JpgExtension_WritesGrayJpegThatReadsBackAsOneChannel()
    {
        var image = SmoothImage(20, 10, 1);
        string path = Path.Combine(Path.GetTempPath(), $"ilgpunet-{Guid.NewGuid():N}.jpg");
        try
        {
            ImageFile.Write(path, image);
            var decoded = ImageFile.Read(path);
            Assert.Equal(1, decoded.Channels);
            Assert.True(image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average() < 2);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Decode_TruncatedJpeg_NamesSourceAndSaysCorrupt()
    {
        var jpeg = JpegEncoder.Encode(SmoothImage(64, 64, 3));

        var error = Assert.Throws<InvalidFileException>(() => JpegDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), "photos/cut.jpg"));

        Assert.StartsWith("photos/cut.jpg: corrupt JPEG", error.Message);
    }

    [Fact]
    public void Decode_GarbageAfterSoiMarker_NamesSource()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3, 4, 5];

        var error = Assert.Throws<InvalidFileException>(() => ImageFile.Decode(garbage, "bad.jpg"));

        Assert.StartsWith("bad.jpg: corrupt JPEG", error.Message);
    }

    private static ByteImage SmoothImage(int width, int height, int channels)
    {
        var image = new ByteImage(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    image.At(x, y, c) = (byte)(128 + (100 * Math.Sin((x * 0.2) + (y * 0.1 * (c + 1)) + c)));
                }
            }
        }

        return image;
    }
}
