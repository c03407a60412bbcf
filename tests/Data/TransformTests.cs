using IlgpuNet.Data;
using IlgpuNet.Data.Transforms;

namespace IlgpuNet.Tests.Data;

public class TransformTests
{
    private static FloatImage Ramp(int channels, int height, int width) =>
        new(channels, height, width, Enumerable.Range(0, channels * height * width).Select(i => (i % 97) / 97f).ToArray());

    [Fact]
    public void Compose_SameSeed_GivesIdenticalOutputAndDifferentSeedDiffers()
    {
        var pipeline = new Compose(
            new RandomCrop(8, 8, padding: 2), new RandomHorizontalFlip(), new ColorJitter(0.4f, 0.4f, 0.4f),
            new GaussianNoise(0.05f), new RandomErasing(p: 1), new Normalize([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]));
        var image = Ramp(3, 10, 12);
        var first = pipeline.Apply(image, new Random(7));
        Assert.Equal(first.Data, pipeline.Apply(image, new Random(7)).Data);
        Assert.NotEqual(first.Data, pipeline.Apply(image, new Random(8)).Data);
        Assert.Equal(Ramp(3, 10, 12).Data, image.Data); // input untouched
    }

    [Fact]
    public void RandomCrop_WithPadding_ReachesZeroBorderAndKeepsContent()
    {
        var image = new FloatImage(1, 4, 4, Enumerable.Repeat(1f, 16).ToArray());
        var crop = new RandomCrop(4, 4, padding: 4);
        var random = new Random(1);
        bool sawBorder = false, sawContent = false;
        for (int i = 0; i < 50; i++)
        {
            var data = crop.Apply(image, random).Data;
            sawBorder |= data.Contains(0f);
            sawContent |= data.Contains(1f);
        }

        Assert.True(sawBorder && sawContent);
    }

    [Fact]
    public void CenterCrop_UsesPythonRoundingOfTheOffset()
    {
        var image = Ramp(1, 5, 6);
        var crop = new CenterCrop(2, 3).Apply(image, new Random(0));
        // top = round(1.5) = 2 (half to even), left = round(1.5) = 2
        Assert.Equal(image.At(0, 2, 2), crop.At(0, 0, 0));
    }

    [Fact]
    public void RandomResizedCrop_BoxesStayInsideAndWithinScaleAndRatio()
    {
        var transform = new RandomResizedCrop(16, 16);
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var (top, left, h, w) = transform.CropBox(40, 60, random);
            Assert.InRange(top, 0, 40 - h);
            Assert.InRange(left, 0, 60 - w);
            Assert.InRange(h * w, 0.08 * 2400 * 0.9, 2400);
            Assert.InRange((double)w / h, 0.75 * 0.85, 4.0 / 3 * 1.15); // rounding moves the ratio a little
        }

        Assert.Equal((3, 16, 16), Shape(transform.Apply(Ramp(3, 40, 60), random)));
    }

    [Fact]
    public void RandomResizedCrop_NoFittingBox_FallsBackToRatioClampedCenterCrop()
    {
        // Scale range above 1 never fits, so the fallback runs: a 10x100 image has ratio 10 > 4/3: h = 10, w = round(13.33) = 13.
        var transform = new RandomResizedCrop(4, 4, minScale: 2, maxScale: 3);
        Assert.Equal((0, 43, 10, 13), transform.CropBox(10, 100, new Random(0)));
    }

    [Fact]
    public void RandomErasing_FillsOneBoxWithTheValue()
    {
        var image = new FloatImage(2, 20, 20, Enumerable.Repeat(0.5f, 800).ToArray());
        var erased = new RandomErasing(p: 1, value: -1f).Apply(image, new Random(5));
        int count = erased.Data.Count(v => v == -1f);
        Assert.InRange(count, (int)(0.02 * 400 * 2 * 0.5), (int)(0.33 * 400 * 2 * 1.5));
        Assert.Equal(erased.Plane(0).ToArray().Count(v => v == -1f), erased.Plane(1).ToArray().Count(v => v == -1f));
        Assert.Same(image, new RandomErasing(p: 0).Apply(image, new Random(5)));
    }

    [Fact]
    public void ColorJitter_ZeroSaturationFactorRange_GivesGray()
    {
        // saturation 1 draws factors in [0, 2]; with brightness/contrast off, output = blend(image, gray, factor).
        var image = Ramp(3, 4, 4);
        var result = new ColorJitter(saturation: 1f).Apply(image, new Random(11));
        var gray = ColorSpace.Grayscale(image).Data;
        // each pixel lies on the line through gray and the original colour, so (out - gray) / (in - gray) is one factor
        double? factor = null;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < 16; i++)
            {
                double denominator = image.Plane(c)[i] - gray[i];
                if (Math.Abs(denominator) > 0.05 && result.Plane(c)[i] is > 0 and < 1)
                {
                    double f = (result.Plane(c)[i] - gray[i]) / denominator;
                    factor ??= f;
                    Assert.Equal(factor.Value, f, 4);
                }
            }
        }

        Assert.NotNull(factor);
    }

    [Fact]
    public void Normalize_AndGrayscale_ComputeTheDocumentedFormulas()
    {
        var image = new FloatImage(3, 1, 1, [1f, 0.5f, 0f]);
        Assert.Equal(new[] { 2f, 0f, -2f }, new Normalize([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]).Apply(image, new Random(0)).Data);
        var gray = new Grayscale(3).Apply(image, new Random(0));
        Assert.Equal(3, gray.Channels);
        Assert.Equal(0.2989f + 0.5f * 0.587f, gray.At(2, 0, 0), 6);
    }

    [Fact]
    public void GaussianNoise_HasRequestedSpread()
    {
        var image = new FloatImage(1, 100, 100);
        var noisy = new GaussianNoise(0.1f, mean: 0.2f).Apply(image, new Random(2)).Data;
        double mean = noisy.Average(v => (double)v);
        double std = Math.Sqrt(noisy.Average(v => (v - mean) * (v - mean)));
        Assert.Equal(0.2, mean, 2);
        Assert.Equal(0.1, std, 2);
    }

    private static (int, int, int) Shape(FloatImage image) => (image.Channels, image.Height, image.Width);
}
