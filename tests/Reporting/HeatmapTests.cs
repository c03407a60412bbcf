using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class HeatmapTests
{
    [Fact]
    public void Heatmap_ThreeByFour_TwelveCellsAnnotatedWithRowAndColumnLabels()
    {
        var values = new double[3, 4];
        for (int i = 0; i < 12; i++)
        {
            values[i / 4, i % 4] = i;
        }

        var heatmap = new Heatmap(values, ["r0", "r1", "r2"], ["c0", "c1", "c2", "c3"]) { Annotation = HeatmapAnnotation.Counts };

        var svg = Svg.Parse(heatmap.ToSvg());

        Assert.Equal(12, Svg.WithClass(svg, "cell").Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString()), Svg.Labels(svg, "cell-label"));
        Assert.Equal(["c0", "c1", "c2", "c3"], Svg.Labels(svg, "x-tick-label"));
        Assert.Equal(["r0", "r1", "r2"], Svg.Labels(svg, "y-tick-label"));
        Assert.NotEmpty(Svg.Labels(svg, "color-bar-label"));
    }

    [Fact]
    public void Heatmap_CellColours_GetBrighterAsValuesGrow()
    {
        var values = new double[4, 4];
        var random = new Random(7);
        for (int i = 0; i < 16; i++)
        {
            values[i / 4, i % 4] = random.NextDouble() * 100;
        }

        var cells = Svg.WithClass(Svg.Parse(new Heatmap(values).ToSvg()), "cell")
            .Select(c => (Value: Svg.Number(c, "data-value"), Color: Rgb.FromHex((string)c.Attribute("fill")!)))
            .OrderBy(c => c.Value)
            .ToList();

        for (int i = 1; i < cells.Count; i++)
        {
            Assert.True(cells[i].Color.Luminance >= cells[i - 1].Color.Luminance, $"{cells[i - 1]} then {cells[i]}");
        }

        Assert.Equal(Colormaps.Viridis(0), cells[0].Color);
        Assert.Equal(Colormaps.Viridis(1), cells[^1].Color);
    }

    [Fact]
    public void ConfusionMatrix_Normalized_ShowsRowFractions()
    {
        var counts = new int[,] { { 3, 1 }, { 0, 4 } };

        var svg = Svg.Parse(Heatmap.ConfusionMatrix(counts, ["cat", "dog"], normalizeRows: true).ToSvg());

        Assert.Equal(["0.75", "0.25", "0.00", "1.00"], Svg.Labels(svg, "cell-label"));
        Assert.Equal(["Predicted class"], Svg.Labels(svg, "x-label"));
    }

    [Fact]
    public void Viridis_EndsAndMiddle_MatchMatplotlib()
    {
        Assert.Equal(new Rgb(68, 1, 84), Colormaps.Viridis(0));
        Assert.Equal(new Rgb(253, 231, 37), Colormaps.Viridis(1));
        Assert.Equal(new Rgb(33, 145, 140), Colormaps.Viridis(128 / 255.0));
    }
}
