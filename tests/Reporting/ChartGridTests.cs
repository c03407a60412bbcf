using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class ChartGridTests
{
    private static readonly string[] Classes = ["plane", "car", "bird", "cat"];

    private static ChartGrid Filters(int count) =>
        Enumerable.Range(0, count).Aggregate(
            new ChartGrid(columns: 8) { Title = "conv5: mean activation norm per class", PanelWidth = 120, PanelHeight = 110 },
            (grid, f) => grid.Add(new BarChart(Classes) { Title = $"filter {f}", ColorByCategory = true, ShowCategoryLabels = false }
                .Add("norm", Classes.Select((_, c) => 1.0 + ((f + c) % 4)).ToList())))
        .Legend(Classes);

    [Fact]
    public void Size_FollowsPanelsColumnsAndBands()
    {
        var grid = Filters(80);

        Assert.Equal(10, grid.Rows);
        Assert.Equal(8 * 120, grid.Width);
        Assert.True(grid.Height > 10 * 110 && grid.Height < (10 * 110) + 120, $"height {grid.Height}");
        Assert.Equal(3 * 120, Filters(3).Width);
    }

    [Fact]
    public void ToSvg_HasTheTitleEveryPanelTitleAndTheSharedLegend()
    {
        var texts = Figures.SvgTexts(Filters(16).ToSvg());

        Assert.Contains("conv5: mean activation norm per class", texts);
        Assert.All(Enumerable.Range(0, 16), f => Assert.Contains($"filter {f}", texts));
        Assert.All(Classes, name => Assert.Contains(name, texts));
    }

    [Fact]
    public void ToPng_EveryPanelDrawsItsBars()
    {
        var grid = Filters(16);

        var image = Figures.Png(grid.ToPng());

        Assert.Equal((grid.Width, grid.Height), (image.Width, image.Height));
        // Each class colour fills one bar in each of the 16 panels (and a legend swatch).
        Assert.All(Enumerable.Range(0, Classes.Length), c => Assert.True(Figures.CountNear(image, Palette.Series(c), 6) > 16 * 40, $"class {c}"));
    }

    [Fact]
    public void ToPng_WithoutPanels_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new ChartGrid(4).ToPng());
    }
}
