using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class BarChartTests
{
    [Fact]
    public void BarChart_FourCategoriesThreeSeries_TwelveBarsAndCategoryLabels()
    {
        var chart = new BarChart(["cat", "dog", "ship", "truck"]) { ShowValues = true }
            .Add("SGD", [0.5, 0.6, 0.7, 0.8])
            .Add("Adam", [0.55, 0.65, 0.75, 0.85])
            .Add("AdamW", [0.56, 0.66, 0.76, 0.86]);

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(12, Svg.WithClass(svg, "bar").Count);
        Assert.Equal(12, Svg.WithClass(svg, "value-label").Count);
        Assert.Equal(["cat", "dog", "ship", "truck"], Svg.Labels(svg, "x-tick-label"));
        Assert.Equal(["SGD", "Adam", "AdamW"], Svg.Labels(svg, "legend-label"));
    }

    [Fact]
    public void BarChart_NegativeValue_HangsBelowTheZeroLine()
    {
        var chart = new BarChart(["a", "b"]).Add("change", [2.0, -1.0]);

        var svg = Svg.Parse(chart.ToSvg());
        var zero = Assert.Single(Svg.WithClass(svg, "zero-line"));
        double zeroY = Svg.Number(zero, "y1");
        var bars = Svg.WithClass(svg, "bar");

        Assert.Equal(zeroY, Svg.Number(bars[0], "y") + Svg.Number(bars[0], "height"), 1);
        Assert.Equal(zeroY, Svg.Number(bars[1], "y"), 1);
        Assert.Equal(2 * Svg.Number(bars[1], "height"), Svg.Number(bars[0], "height"), 1);
    }

    [Fact]
    public void BarChart_WrongNumberOfValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BarChart(["a", "b"]).Add("s", [1.0]));
    }

    [Fact]
    public void BarChart_LongCategoryNames_AreRotatedInsteadOfOverlapping()
    {
        var names = Enumerable.Range(0, 10).Select(i => $"a rather long class name {i}").ToArray();
        var chart = new BarChart(names).Add("accuracy", names.Select(_ => 0.5).ToArray());

        var labels = Svg.WithClass(Svg.Parse(chart.ToSvg()), "x-tick-label");

        Assert.All(labels, l => Assert.Contains("rotate(", (string)l.Attribute("transform")!));
    }
}
