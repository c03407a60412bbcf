using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class MosaicTests
{
    private static float[] Ramp(int count, float scale = 1) => Enumerable.Range(0, count).Select(i => i * scale).ToArray();

    [Fact]
    public void FilterMosaic_RgbFilters_OneColourTilePerFilterInASquareGrid()
    {
        var image = FilterMosaic.Render(Ramp(4 * 3 * 2 * 2), outChannels: 4, inChannels: 3, kernelHeight: 2, kernelWidth: 2, scale: 3, padding: 1);

        Assert.Equal((15, 15), (image.Width, image.Height));
        // First filter: R plane holds its smallest weights, B plane its largest.
        Assert.Equal(0, image.At(1, 1, 0));
        Assert.Equal(255, image.At(4, 4, 2));
    }

    [Fact]
    public void FilterMosaic_EachFilterIsNormalisedOnItsOwn()
    {
        var weights = new float[2 * 1 * 2 * 2];
        Array.Copy(new float[] { 0, 1, 2, 3 }, 0, weights, 0, 4);
        Array.Copy(new float[] { 0, 100, 200, 300 }, 0, weights, 4, 4);

        var image = FilterMosaic.Render(weights, 2, 1, 2, 2, scale: 1, padding: 0);

        Assert.Equal((4, 2), (image.Width, image.Height));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(image.At(i % 2, i / 2, 0), image.At(2 + (i % 2), i / 2, 0));
        }

        Assert.Equal(255, image.At(1, 1, 0));
    }

    [Fact]
    public void FilterMosaic_ManyInputChannels_RowPerFilterColumnPerInputChannel()
    {
        var image = FilterMosaic.Render(Ramp(5 * 2 * 3 * 3), outChannels: 5, inChannels: 2, kernelHeight: 3, kernelWidth: 3, scale: 2, padding: 1);

        Assert.Equal((1 + (2 * 7), 1 + (5 * 7)), (image.Width, image.Height));
    }

    [Fact]
    public void ActivationMosaic_FiveMaps_ThreeColumnsOfViridisTiles()
    {
        var image = ActivationMosaic.Render(Ramp(5 * 3 * 3), channels: 5, height: 3, width: 3, scale: 2, padding: 1);

        Assert.Equal((1 + (3 * 7), 1 + (2 * 7)), (image.Width, image.Height));
        var darkest = Colormaps.Viridis(0);
        Assert.Equal((darkest.R, darkest.G, darkest.B), (image.At(1, 1, 0), image.At(1, 1, 1), image.At(1, 1, 2)));
    }

    [Fact]
    public void FilterMosaic_ShapeMismatch_ThrowsWithTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() => FilterMosaic.Render(new float[10], 2, 3, 3, 3));

        Assert.Contains("(2, 3, 3, 3)", error.Message);
    }

    [Fact]
    public void Mosaic_EncodesAsPng()
    {
        var png = ImageFile.Encode(ActivationMosaic.Render(Ramp(4 * 8 * 8), 4, 8, 8, Colormap.Gray), ImageFormat.Png);

        Assert.Equal(new byte[] { 137, 80, 78, 71 }, png[..4]);
    }
}
