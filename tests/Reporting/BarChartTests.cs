using IlgpuNet.Reporting;
using ScottPlot.Panels;
using ScottPlot.Plottables;

namespace IlgpuNet.Tests.Reporting;

public class BarChartTests
{
    [Fact]
    public void ToPlot_TwoSeries_BarsSideBySideInEachCategoryAndNaNLeftOut()
    {
        var plot = new BarChart(["cat", "dog", "bird"]).Add("SGD", [0.5, 0.6, double.NaN]).Add("Adam", [0.7, 0.8, 0.9]).ToPlot();

        var series = plot.GetPlottables<BarPlot>().ToList();

        Assert.Equal(["SGD", "Adam"], series.Select(s => s.LegendText));
        Assert.Equal([-0.2, 0.8], series[0].Bars.Select(b => Math.Round(b.Position, 9)));
        Assert.Equal([0.2, 1.2, 2.2], series[1].Bars.Select(b => Math.Round(b.Position, 9)));
        Assert.All(series.SelectMany(s => s.Bars), b => Assert.Equal(0.4, b.Size, 9));
        Assert.Equal([0.7, 0.8, 0.9], series[1].Bars.Select(b => b.Value));
        Assert.Equal(ScottPlotColor(Palette.Series(1)), series[1].Bars[0].FillColor);
        Assert.Single(plot.Axes.GetPanels().OfType<LegendPanel>()); // the legend right of the plot
    }

    [Fact]
    public void ToPlot_ShowValues_LabelsEveryBarWithItsValue()
    {
        var plot = new BarChart(["a", "b"]) { ShowValues = true }.Add("Δ", [-2.5, 1.25]).ToPlot();

        Assert.Equal(["-2.5", "1.25"], plot.GetPlottables<BarPlot>().Single().Bars.Select(b => b.Label));
    }

    [Fact]
    public void ToPlot_ColorByCategory_EachCategoryItsTab10ColourAndNoSeriesLegend()
    {
        var plot = new BarChart(["a", "b", "c"]) { ColorByCategory = true }.Add("norm", [1.0, 2.0, 3.0]).ToPlot();

        var bars = plot.GetPlottables<BarPlot>().Single();

        Assert.Equal(Enumerable.Range(0, 3).Select(i => ScottPlotColor(Palette.Series(i))), bars.Bars.Select(b => b.FillColor));
        Assert.Equal("", bars.LegendText);
        Assert.Empty(plot.Axes.GetPanels().OfType<LegendPanel>());
    }

    [Fact]
    public void ToSvg_HasCategoryNamesAndLegend()
    {
        var chart = new BarChart(["T-shirt/top", "Trouser", "Ankle boot"]) { Title = "Per-class accuracy", YLabel = "accuracy" }
            .Add("SGD", [0.8, 0.9, 0.7]).Add("Adam", [0.85, 0.95, 0.75]);

        var texts = Figures.SvgTexts(chart.ToSvg());

        Assert.Contains("Per-class accuracy", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("T-shirt/top", texts);
        Assert.Contains("Ankle boot", texts);
        Assert.Contains("SGD", texts);
        Assert.Contains("Adam", texts);
    }

    [Fact]
    public void ToPng_BarsFillTheirColourFromTheBaseline()
    {
        var plot = new BarChart(["a", "b"]).Add("s", [1.0, 3.0], new Rgb(200, 30, 30)).ToPlot();
        var (image, pixelOf) = Figures.Render(plot, 400, 300);

        var inTallBar = pixelOf(1, 2.5);
        var aboveShortBar = pixelOf(0, 2.5);

        Assert.Equal(new Rgb(200, 30, 30), Figures.PixelAt(image, inTallBar.X, inTallBar.Y));
        Assert.NotEqual(new Rgb(200, 30, 30), Figures.PixelAt(image, aboveShortBar.X, aboveShortBar.Y));
    }

    [Fact]
    public void ToPlot_EightyCategories_NamesEveryFifthUpright()
    {
        var names = Enumerable.Range(0, 80).Select(i => $"{i}").ToList();
        var plot = new BarChart(names) { Width = 960 }.Add("a", names.Select(_ => 1.0).ToList()).Add("b", names.Select(_ => 2.0).ToList()).ToPlot();
        Figures.Render(plot, 960, 320);

        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();

        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"{i * 5}"), labels);
        Assert.Equal(0, plot.Axes.Bottom.TickLabelStyle.Rotation);
    }

    [Fact]
    public void Add_WrongNumberOfValues_NamesTheSeries()
    {
        var error = Assert.Throws<ArgumentException>(() => new BarChart(["a", "b"]).Add("s", [1.0]));

        Assert.Contains("'s' has 1 values for 2 categories", error.Message);
    }

    private static ScottPlot.Color ScottPlotColor(Rgb rgb) => new(rgb.R, rgb.G, rgb.B);
}
