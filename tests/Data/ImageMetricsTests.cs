using IlgpuNet.Data;
using IlgpuNet.Data.Metrics;

namespace IlgpuNet.Tests.Data;

public class ImageMetricsTests
{
    private static FloatImage Reference => Fixtures.Image("metric_reference");

    private static FloatImage Degraded => Fixtures.Image("metric_degraded");

    [Fact]
    public void Ssim_Rgb_MatchesSkimageGaussianSetting()
    {
        Assert.Equal(Fixtures.Value("ssim_rgb"), ImageMetrics.Ssim(Degraded, Reference, 1.0), 1e-4);
    }

    [Fact]
    public void Ssim_SingleChannel_MatchesSkimageOnBothScales()
    {
        var reference = Reference.SelectChannels(0);
        var degraded = Degraded.SelectChannels(0);
        Assert.Equal(Fixtures.Value("ssim_gray"), ImageMetrics.Ssim(degraded, reference, 1.0), 1e-4);
        Scale(reference, 255);
        Scale(degraded, 255);
        Assert.Equal(Fixtures.Value("ssim_gray_255"), ImageMetrics.Ssim(degraded, reference, 255.0), 1e-4);
    }

    [Fact]
    public void Ssim_OfIdenticalImages_IsOne()
    {
        Assert.Equal(1.0, ImageMetrics.Ssim(Reference, Reference, 1.0), 12);
    }

    [Fact]
    public void Psnr_MatchesNumpyReference()
    {
        Assert.Equal(Fixtures.Value("psnr_rgb"), ImageMetrics.Psnr(Degraded, Reference, 1.0), 4);
    }

    [Fact]
    public void PsnrAndSsimOnY_WithShave_MatchReference()
    {
        Assert.Equal(Fixtures.Value("psnr_y_shave4"), ImageMetrics.PsnrOnY(Degraded, Reference, 1.0, shave: 4), 4);
        Assert.Equal(Fixtures.Value("ssim_y_shave4"), ImageMetrics.SsimOnY(Degraded, Reference, 1.0, shave: 4), 1e-4);
        Assert.NotEqual(Fixtures.Value("psnr_y_shave4"), ImageMetrics.PsnrOnY(Degraded, Reference, 1.0, shave: 0), 3);
    }

    [Fact]
    public void Psnr_KnownError_GivesExactDecibels()
    {
        var a = new FloatImage(1, 2, 2, [0, 0, 0, 0]);
        var b = new FloatImage(1, 2, 2, [0.1f, 0.1f, 0.1f, 0.1f]);
        Assert.Equal(20.0, ImageMetrics.Psnr(a, b, 1.0), 5); // MSE 0.01
    }

    private static void Scale(FloatImage image, float factor)
    {
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] *= factor;
        }
    }
}
