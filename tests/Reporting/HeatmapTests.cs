using IlgpuNet.Reporting;
using ScottPlot.Panels;
using ScottPlot.Plottables;
using Heatmap = IlgpuNet.Reporting.Heatmap;

namespace IlgpuNet.Tests.Reporting;

public class HeatmapTests
{
    private static readonly string[] Classes = ["cat", "dog", "bird"];

    [Fact]
    public void ConfusionMatrix_NormalisedRows_WritesFractionsInTheirCells()
    {
        int[,] counts = { { 8, 2, 0 }, { 1, 3, 0 }, { 0, 0, 5 } };

        var plot = Heatmap.ConfusionMatrix(counts, Classes, normalizeRows: true).ToPlot();

        var texts = plot.GetPlottables<Text>().ToDictionary(t => (t.Location.X, t.Location.Y), t => t.LabelText);
        Assert.Equal(9, texts.Count);
        Assert.Equal("0.80", texts[(0, 2)]); // row 0 (true cat) is the top row
        Assert.Equal("0.20", texts[(1, 2)]);
        Assert.Equal("0.25", texts[(0, 1)]);
        Assert.Equal("1.00", texts[(2, 0)]);
        Assert.Single(plot.Axes.GetPanels().OfType<ColorBar>());
    }

    [Fact]
    public void ToPng_BrighterCellsForLargerValues_RowZeroAtTheTop()
    {
        int[,] counts = { { 90, 10, 0 }, { 5, 80, 15 }, { 0, 20, 60 } };
        var plot = Heatmap.ConfusionMatrix(counts, Classes).ToPlot();
        var (image, pixelOf) = Figures.Render(plot, 600, 520);

        double Luminance(int row, int column)
        {
            // a point inside the cell but away from its centred text
            var (x, y) = pixelOf(column - 0.4, Classes.Length - 1 - row + 0.4);
            return Figures.PixelAt(image, x, y).Luminance;
        }

        Assert.True(Luminance(0, 0) > Luminance(1, 1), "90 brighter than 80");
        Assert.True(Luminance(1, 1) > Luminance(2, 2), "80 brighter than 60");
        Assert.True(Luminance(2, 2) > Luminance(2, 1), "60 brighter than 20");
        Assert.True(Luminance(0, 1) > Luminance(0, 2), "10 brighter than 0");
    }

    [Fact]
    public void ToSvg_HasClassNamesTitleAndCellValues()
    {
        int[,] counts = { { 8, 2, 0 }, { 1, 3, 0 }, { 0, 0, 5 } };

        var texts = Figures.SvgTexts(Heatmap.ConfusionMatrix(counts, Classes).ToSvg());

        Assert.Contains("Confusion matrix", texts);
        Assert.Contains("Predicted class", texts);
        Assert.Contains("True class", texts);
        Assert.All(Classes, name => Assert.Contains(name, texts));
        Assert.Contains("8", texts);
        Assert.Contains("5", texts);
    }

    [Fact]
    public void Heatmap_WrongLabelCount_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Heatmap(new double[2, 3], ["a"], ["x", "y", "z"]));

        Assert.Contains("2x3 heatmap needs 2 row labels", error.Message);
    }
}
