using IlgpuNet.Reporting;
using ScottPlot;
using ScottPlot.Plottables;
using Palette = IlgpuNet.Reporting.Palette;

namespace IlgpuNet.Tests.Reporting;

public class LineChartTests
{
    [Fact]
    public void ToSvg_ThreeSeries_HasTitleAxisLabelsAndEveryLegendName()
    {
        var chart = new LineChart { Title = "Loss per epoch", XLabel = "epoch", YLabel = "cross-entropy" }
            .Add("train", [1.0, 0.6, 0.4, 0.3])
            .Add("validation", [1.1, 0.8, 0.7, 0.65])
            .Add("test ‖w‖₂ η² ≠", [1.2, 0.9, 0.8, 0.7]);

        var texts = Figures.SvgTexts(chart.ToSvg());

        Assert.Contains("Loss per epoch", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("cross-entropy", texts);
        Assert.Contains("train", texts);
        Assert.Contains("validation", texts);
        Assert.Contains("test ‖w‖₂ η² ≠", texts);
    }

    [Fact]
    public void ToPng_FigureSizeAndEachSeriesColourInThePlot()
    {
        var chart = new LineChart { Width = 500, Height = 300 }.Add("a", [1.0, 3, 2, 4]).Add("b", [4.0, 1, 3, 2]);

        var image = Figures.Png(chart.ToPng());

        Assert.Equal((500, 300), (image.Width, image.Height));
        Assert.True(Figures.CountNear(image, Palette.Series(0)) > 200, "too few pixels in the first series colour");
        Assert.True(Figures.CountNear(image, Palette.Series(1)) > 200, "too few pixels in the second series colour");
    }

    [Fact]
    public void ToPlot_NaNInTheMiddle_TwoLinesOneLegendEntry()
    {
        var plot = new LineChart().Add("loss", [1.0, 0.8, double.NaN, 0.5, 0.4]).ToPlot();

        var lines = plot.GetPlottables<Scatter>().ToList();

        Assert.Equal(2, lines.Count);
        Assert.Equal([2, 2], lines.Select(l => l.Data.GetScatterPoints().Count));
        Assert.Equal(["loss", ""], lines.Select(l => l.LegendText));
        Assert.All(lines, l => Assert.Equal(0, l.MarkerSize));
    }

    [Fact]
    public void ToPlot_IsolatedPoint_GetsAMarker()
    {
        var plot = new LineChart().Add("loss", [1.0, double.NaN, 0.5, double.NaN]).ToPlot();

        Assert.All(plot.GetPlottables<Scatter>(), l => Assert.True(l.MarkerSize > 0));
    }

    [Fact]
    public void ToPlot_LogY_PlotsLog10AndLabelsPowersOfTen()
    {
        var plot = new LineChart { LogY = true }.Add("loss", [2.3, 0.5, 0.02, 0.0013]).ToPlot();
        Figures.Render(plot, 640, 400);

        var ys = plot.GetPlottables<Scatter>().Single().Data.GetScatterPoints().Select(p => p.Y).ToArray();
        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).Select(t => t.Label).ToList();

        Assert.Equal(Math.Log10(0.0013), ys[^1], 12);
        Assert.Equal(["0.001", "0.01", "0.1", "1"], labels);
    }

    [Fact]
    public void ToPlot_LogYWithinOneDecade_Labels125Steps()
    {
        var plot = new LineChart { LogY = true }.Add("loss", [0.9, 0.6, 0.35, 0.3]).ToPlot();
        Figures.Render(plot, 640, 400);

        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();

        Assert.Equal(["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"], labels);
    }

    [Fact]
    public void ToPlot_LogYDropsNonPositivePointsAndAZeroYMin()
    {
        var plot = new LineChart { LogY = true, YMin = 0 }.Add("loss", [0.0, 0.5, 0.05]).ToPlot();

        var points = plot.GetPlottables<Scatter>().Single().Data.GetScatterPoints();

        Assert.Equal([2.0, 3.0], points.Select(p => p.X));
    }

    [Fact]
    public void ToPlot_LongTitle_GoesOnTwoLinesToFitTheFigure()
    {
        var chart = new LineChart { Title = "ResNet18 pretrained here on Fashion-MNIST, layer4 + fc fine-tuned: top-1 and top-5 (kept epoch)" };
        var plot = chart.Add("train", [1.0, 2.0], [0.8, 0.9]).ToPlot();

        Assert.Equal(2, plot.Axes.Title.Label.Text.Split('\n').Length);
        Assert.Equal(chart.Title, plot.Axes.Title.Label.Text.Replace('\n', ' '));
        Assert.InRange(plot.Axes.Title.Label.FontSize, 11, 16);
        Assert.Equal(16, new LineChart { Title = "Accuracy" }.Add("train", [1.0, 2.0], [0.8, 0.9]).ToPlot().Axes.Title.Label.FontSize);
    }

    [Fact]
    public void ToPlot_LinesThroughEveryCorner_PutTheLegendBesideThePlot()
    {
        // four epochs whose lines cross all four corners between their points: no corner is free
        var crossing = new LineChart().Add("rising", [1.0, 2, 3, 4], [0.0, 0.33, 0.67, 1.0]).Add("falling", [1.0, 2, 3, 4], [1.0, 0.67, 0.33, 0.0]).ToPlot();
        var free = new LineChart().Add("rising", [1.0, 2, 3, 4], [0.0, 0.2, 0.8, 1.0]).ToPlot();  // lower right and upper left stay empty

        Assert.False(crossing.Legend.IsVisible);
        Assert.Contains(crossing.Axes.GetPanels(), panel => panel is ScottPlot.Panels.LegendPanel);
        Assert.True(free.Legend.IsVisible);
        Assert.Equal(Alignment.LowerRight, free.Legend.Alignment);
    }

    [Fact]
    public void ToPlot_WholeNumberX_TicksOnWholeNumbersOnly()
    {
        var plot = new LineChart().Add("train", [1.0, 2.0], [0.80, 0.88]).ToPlot();
        Figures.Render(plot, 640, 400);

        var positions = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToList();

        Assert.NotEmpty(positions);
        Assert.All(positions, p => Assert.Equal(Math.Round(p), p));
    }

    [Fact]
    public void ToPlot_FixedYMinAndYMax_AreTheAxisLimits()
    {
        var plot = new LineChart { YMin = 0, YMax = 1 }.Add("accuracy", [0.5, 0.7, 0.8]).ToPlot();
        Figures.Render(plot, 640, 400);

        var limits = plot.Axes.GetLimits();

        Assert.Equal((0.0, 1.0), (limits.Bottom, limits.Top));
    }

    [Fact]
    public void ToPlot_Legend_SitsInTheCornerTheCurvesLeaveEmpty()
    {
        var falling = new LineChart().Add("train", [2.0, 1.0, 0.5, 0.3, 0.2]).Add("validation", [2.1, 1.2, 0.7, 0.5, 0.45]).ToPlot();
        var rising = new LineChart().Add("train", [0.2, 0.6, 0.8, 0.9, 0.95]).Add("validation", [0.1, 0.5, 0.7, 0.8, 0.85]).ToPlot();

        Assert.True(falling.Legend.IsVisible);
        Assert.Equal(Alignment.UpperRight, falling.Legend.Alignment);
        Assert.Equal(Alignment.LowerRight, rising.Legend.Alignment);
    }

    [Fact]
    public void Add_MismatchedLengths_NamesTheSeries()
    {
        var error = Assert.Throws<ArgumentException>(() => new LineChart().Add("loss", [1.0, 2.0], [1.0]));

        Assert.Contains("'loss' has 2 x values and 1 y values", error.Message);
    }
}
