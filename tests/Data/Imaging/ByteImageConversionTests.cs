using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data.Imaging;

public class ByteImageConversionTests
{
    [Fact]
    public void ToGray_Rgb_UsesItuR601LumaLikePil()
    {
        var rgb = new ByteImage(3, 1, 3, [255, 0, 0, 0, 255, 0, 10, 20, 30]);

        var gray = rgb.ToGray();

        // PIL: L = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16
        Assert.Equal(new byte[] { 76, 150, 18 }, gray.Pixels);
    }

    [Fact]
    public void ToGray_GrayAlpha_DropsAlpha()
    {
        Assert.Equal(new byte[] { 9, 7 }, new ByteImage(2, 1, 2, [9, 0, 7, 255]).ToGray().Pixels);
    }

    [Fact]
    public void ToRgb_ExpandsGrayAndDropsAlpha()
    {
        Assert.Equal(new byte[] { 5, 5, 5, 6, 6, 6 }, new ByteImage(2, 1, 1, [5, 6]).ToRgb().Pixels);
        Assert.Equal(new byte[] { 1, 2, 3 }, new ByteImage(1, 1, 4, [1, 2, 3, 0]).ToRgb().Pixels);
    }

    [Fact]
    public void CompositeOver_BlendsByAlpha()
    {
        var rgba = new ByteImage(3, 1, 4, [200, 100, 0, 255, 200, 100, 0, 0, 200, 100, 0, 128]);

        var composited = rgba.CompositeOver(0, 0, 255);

        Assert.Equal(new byte[] { 200, 100, 0, 0, 0, 255, 100, 50, 127 }, composited.Pixels);
    }

    [Fact]
    public void UShortImage_HighByteAndWideningRoundTrip()
    {
        var narrow = new ByteImage(2, 1, 1, [0, 255]);

        var wide = UShortImage.FromByteImage(narrow);

        Assert.Equal(new ushort[] { 0, 65535 }, wide.Samples);
        Assert.Equal(narrow.Pixels, wide.ToByteImage().Pixels);
    }
}
