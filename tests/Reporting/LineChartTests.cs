using System.Globalization;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class LineChartTests
{
    [Fact]
    public void LineChart_ThreeSeries_OnePathEachWithLegendAndTickLabels()
    {
        var chart = new LineChart { Title = "Loss", XLabel = "epoch", YLabel = "loss" }
            .Add("train", [1.0, 0.6, 0.4, 0.3])
            .Add("validation", [1.1, 0.8, 0.7, 0.65])
            .Add("test", [1.2, 0.9, 0.8, 0.7]);

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(3, Svg.WithClass(svg, "series").Count);
        Assert.Equal(["train", "validation", "test"], Svg.Labels(svg, "legend-label"));
        Assert.Equal(["Loss"], Svg.Labels(svg, "title"));
        Assert.Equal(["epoch"], Svg.Labels(svg, "x-label"));
        Assert.Equal(["loss"], Svg.Labels(svg, "y-label"));
        Assert.InRange(Svg.Labels(svg, "x-tick-label").Count, 3, 10);
        Assert.InRange(Svg.Labels(svg, "y-tick-label").Count, 3, 10);
        Assert.Empty(Svg.WithClass(svg, "marker"));
    }

    [Fact]
    public void LineChart_LinearTicks_AreEvenlySpacedNiceValuesCoveringTheData()
    {
        var chart = new LineChart().Add("accuracy", [0.13, 0.57, 0.81, 0.92]);

        var ticks = Svg.Labels(Svg.Parse(chart.ToSvg()), "y-tick-label").Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList();

        double step = ticks[1] - ticks[0];
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(step, pair.Second - pair.First, 9));
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 2.5, 5.0 });
        Assert.True(ticks[0] <= 0.13 && ticks[^1] >= 0.92);
    }

    [Fact]
    public void LineChart_LogY_TickLabelsArePowersOfTen()
    {
        var chart = new LineChart { LogY = true }.Add("loss", [2.3, 0.5, 0.02, 0.0013]);

        var labels = Svg.Labels(Svg.Parse(chart.ToSvg()), "y-tick-label");

        Assert.True(labels.Count >= 4, string.Join(" ", labels));
        foreach (var label in labels)
        {
            double exponent = Math.Log10(double.Parse(label, CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(exponent), exponent, 9);
        }

        Assert.Equal(["0.001", "0.01", "0.1", "1", "10"], labels);
    }

    [Fact]
    public void LineChart_LogYWithZeroYMin_FollowsTheDataAndDropsNonPositivePoints()
    {
        var chart = new LineChart { LogY = true, YMin = 0 }.Add("loss", [0.0, 0.5, 0.05]);

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(["0.01", "0.1", "1"], Svg.Labels(svg, "y-tick-label"));
        Assert.Equal(1, ((string)Assert.Single(Svg.WithClass(svg, "series")).Attribute("d")!).Count(c => c == 'M'));
    }

    [Fact]
    public void LineChart_NaNInTheMiddle_BreaksTheLineIntoTwoRuns()
    {
        var chart = new LineChart().Add("loss", [1.0, 0.8, double.NaN, 0.5, 0.4]);

        var path = Assert.Single(Svg.WithClass(Svg.Parse(chart.ToSvg()), "series"));

        Assert.Equal(2, ((string)path.Attribute("d")!).Count(c => c == 'M'));
    }

    [Fact]
    public void LineChart_SinglePointAndIsolatedPoints_GetMarkers()
    {
        var chart = new LineChart()
            .Add("one point", [3.0], [0.5])
            .Add("isolated", [1.0, 2.0, 3.0], [double.NaN, 0.7, double.NaN]);

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(2, Svg.WithClass(svg, "marker").Count);
        Assert.NotEmpty(Svg.Labels(svg, "y-tick-label"));
    }

    [Fact]
    public void LineChart_ShowMarkers_DrawsOneMarkerPerFinitePoint()
    {
        var chart = new LineChart { ShowMarkers = true }.Add("a", [1.0, 2.0, double.PositiveInfinity, 4.0]);

        Assert.Equal(3, Svg.WithClass(Svg.Parse(chart.ToSvg()), "marker").Count);
    }

    [Fact]
    public void LineChart_TextWithMarkupCharacters_IsEscapedAndSurvivesParsing()
    {
        var chart = new LineChart { Title = "a < b & \"c\"" }.Add("<script>", [1.0, 2.0]);

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(["a < b & \"c\""], Svg.Labels(svg, "title"));
        Assert.Equal(["<script>"], Svg.Labels(svg, "legend-label"));
    }

    [Fact]
    public void LineChart_NoData_StillRendersAxes()
    {
        var svg = Svg.Parse(new LineChart().Add("empty", [double.NaN]).ToSvg());

        Assert.NotEmpty(Svg.Labels(svg, "y-tick-label"));
    }
}
