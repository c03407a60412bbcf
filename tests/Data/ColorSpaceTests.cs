using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data;

public class ColorSpaceTests
{
    [Fact]
    public void RgbToYCbCr_MatchesMatlabFormulaOnUnitRange()
    {
        var actual = ColorSpace.RgbToYCbCr(Fixtures.Image("resize_input"));
        Assertions.Close(Fixtures.Image("ycbcr_of_resize_input"), actual, 1e-6);
    }

    [Fact]
    public void RgbToYCbCr_KnownColoursOn255Scale()
    {
        var white = new FloatImage(3, 1, 2, [255, 255, 255, 0, 255, 0]); // R, G, B planes: white, then red
        var ycbcr = ColorSpace.RgbToYCbCr(white, 255f);
        Assert.Equal(235.0, ycbcr.At(0, 0, 0), 3);
        Assert.Equal(128.0, ycbcr.At(1, 0, 0), 3);
        Assert.Equal(16 + 65.481, ycbcr.At(0, 0, 1), 3);
        Assert.Equal(240.0, ycbcr.At(2, 0, 1), 3);
    }

    [Fact]
    public void YCbCrToRgb_InvertsRgbToYCbCrOnBothScales()
    {
        var rgb = Fixtures.Image("resize_input");
        Assertions.Close(rgb, ColorSpace.YCbCrToRgb(ColorSpace.RgbToYCbCr(rgb)), 1e-5);
        var rgb255 = new FloatImage(3, 1, 2, [10, 200, 30, 40, 250, 60]);
        Assertions.Close(rgb255, ColorSpace.YCbCrToRgb(ColorSpace.RgbToYCbCr(rgb255, 255f), 255f), 1e-3);
    }

    [Fact]
    public void RgbToY_OnBytes_RoundsLikeMatlabUint8()
    {
        var rgb = new ByteImage(1, 1, 3, [100, 150, 200]);
        // 16 + (65.481*100 + 128.553*150 + 24.966*200) / 255 = 136.879... -> 137
        Assert.Equal(137, ColorSpace.RgbToYCbCr(rgb).Pixels[0]);
    }

    [Fact]
    public void Grayscale_OnBytes_IsPilLuma()
    {
        var rgb = new ByteImage(2, 1, 3, [255, 0, 0, 10, 200, 30]);
        // PIL: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16 -> 76 and 124 (checked with PIL 9.4)
        Assert.Equal(new byte[] { 76, 124 }, ColorSpace.Grayscale(rgb).Pixels);
    }
}
