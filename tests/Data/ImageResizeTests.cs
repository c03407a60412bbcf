using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data;

public class ImageResizeTests
{
    [Theory]
    [InlineData("half", 0.5)]
    [InlineData("third", 1.0 / 3)]
    [InlineData("x0_7", 0.7)]
    [InlineData("double", 2.0)]
    [InlineData("triple", 3.0)]
    public void Bicubic_ByScale_MatchesMatlabImresizePort(string name, double scale)
    {
        var input = Fixtures.Image("resize_input");
        var actual = ImageResize.Resize(input, scale, ResizeMethod.Bicubic);
        Assertions.Close(Fixtures.Image("bicubic_scale_" + name), actual, 1e-5);
    }

    [Theory]
    [InlineData(10, 31)]
    [InlineData(30, 9)]
    public void Bicubic_ExplicitSizeMixingShrinkAndGrow_MatchesMatlabImresizePort(int height, int width)
    {
        var actual = ImageResize.Resize(Fixtures.Image("resize_input"), height, width, ResizeMethod.Bicubic);
        Assertions.Close(Fixtures.Image($"bicubic_size_{height}x{width}"), actual, 1e-5);
    }

    [Fact]
    public void Bicubic_WithoutAntialias_MatchesPlainCubicKernel()
    {
        var actual = ImageResize.Resize(Fixtures.Image("resize_input"), 0.5, ResizeMethod.Bicubic, antialias: false);
        Assertions.Close(Fixtures.Image("bicubic_noantialias_half"), actual, 1e-5);
        Assert.Throws<Xunit.Sdk.TrueException>(() => Assertions.Close(Fixtures.Image("bicubic_scale_half"), actual, 1e-3));
    }

    [Theory]
    [InlineData("third", 1.0 / 3)]
    [InlineData("double", 2.0)]
    public void Bicubic_OnBytes_RoundsEachPassLikeMatlabUint8(string name, double scale)
    {
        var input = Fixtures.Image("resize_input_u8").ToBytes(scale: 1f);
        var actual = ImageResize.Resize(input, scale, ResizeMethod.Bicubic);
        var expected = Fixtures.Image("bicubic_u8_" + name).ToBytes(scale: 1f);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }

    [Theory]
    [InlineData("bilinear", ResizeMethod.Bilinear, 11, 40)]
    [InlineData("bilinear", ResizeMethod.Bilinear, 34, 7)]
    [InlineData("nearest", ResizeMethod.Nearest, 11, 40)]
    [InlineData("nearest", ResizeMethod.Nearest, 34, 7)]
    public void NearestAndBilinear_MatchTorchInterpolate(string name, ResizeMethod method, int height, int width)
    {
        var actual = ImageResize.Resize(Fixtures.Image("resize_input"), height, width, method);
        Assertions.Close(Fixtures.Image($"{name}_size_{height}x{width}"), actual, 1e-5);
    }

    [Fact]
    public void ScaledSize_RoundsUpLikeMatlab()
    {
        Assert.Equal((86, 86), ImageResize.ScaledSize(256, 256, 1.0 / 3));
        Assert.Equal((57, 86), ImageResize.ScaledSize(228, 344, 0.25));
    }

    [Fact]
    public void Bicubic_ConstantImage_StaysConstantAtEveryScale()
    {
        var image = new ByteImage(13, 9, 1);
        Array.Fill(image.Pixels, (byte)77);
        foreach (var scale in new[] { 0.25, 0.5, 1.5, 4.0 })
        {
            Assert.All(ImageResize.Resize(image, scale, ResizeMethod.Bicubic).Pixels, p => Assert.Equal(77, p));
        }
    }
}
