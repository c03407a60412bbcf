using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// Curves such as loss and accuracy per epoch: several named series, a legend, axis labels, optional log-scale y and
/// markers. Points that cannot be drawn (NaN, infinite, or not positive on a log axis) leave a gap; an isolated point
/// gets a marker. The legend sits in the plot corner the data leave emptiest.
/// </summary>
public sealed class LineChart : PlotChart
{
    private const float LineWidth = 2;
    private const float MarkerSize = 6;
    private readonly List<LineSeries> series = [];

    public IReadOnlyList<LineSeries> Series => series;

    /// <summary>Base-10 log scale on y (losses that fall over decades): ticks at powers of ten, or at 1-2-5 steps within one decade.</summary>
    public bool LogY { get; set; }

    /// <summary>Draw a dot at every point, not only at isolated ones.</summary>
    public bool ShowMarkers { get; set; }

    /// <summary>Fixes the lower end of the y axis (e.g. 0 for accuracy); null to follow the data. Ignored on a log axis when not positive.</summary>
    public double? YMin { get; set; }

    public double? YMax { get; set; }

    /// <summary>Adds a series in the next tab10 colour.</summary>
    public LineChart Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, Rgb? color = null)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"series '{name}' has {x.Count} x values and {y.Count} y values");
        }

        series.Add(new LineSeries(name, x.ToArray(), y.ToArray(), color ?? Palette.Series(series.Count)));
        return this;
    }

    /// <summary>Adds a series whose x values are 1, 2, 3, ... (epochs).</summary>
    public LineChart Add(string name, IReadOnlyList<double> y, Rgb? color = null) =>
        Add(name, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y, color);

    public override Plot ToPlot()
    {
        var plot = ChartStyle.NewPlot(this);
        var drawn = new List<(double X, double Y)>();
        var traced = new List<(double X, double Y)>();  // the points and the lines between them, for the legend's place
        foreach (var line in series)
        {
            bool named = false;
            foreach (var run in ContinuousRuns(line))
            {
                var scatter = plot.Add.Scatter(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray(), ChartStyle.ToColor(line.Color));
                scatter.LineWidth = LineWidth;
                scatter.MarkerSize = ShowMarkers || run.Count == 1 ? MarkerSize : 0;
                scatter.LegendText = named ? "" : line.Name;
                named = true;
                drawn.AddRange(run);
                traced.AddRange(AlongTheLine(run));
            }
        }

        var (low, high) = YRange(drawn);
        if (double.IsFinite(low) && double.IsFinite(high))
        {
            plot.Axes.SetLimitsY(low, high);
        }

        if (LogY)
        {
            plot.Axes.Left.TickGenerator = LogTicks.For(low, high);
        }

        if (drawn.Count > 0 && drawn.All(p => p.X == Math.Round(p.X)))
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // epochs, iterations: no 1.5
        }

        if (series.Count > 1 || (series.Count == 1 && series[0].Name.Length > 0))
        {
            // inside, in a corner no line crosses; where every corner is crossed, beside the plot (it never covers data)
            var (corner, crossings) = EmptiestCorner(traced, low, high);
            if (crossings == 0)
            {
                plot.ShowLegend(corner);
            }
            else
            {
                plot.ShowLegend(Edge.Right);
            }
        }

        return plot;
    }

    private bool IsShown(double y) => double.IsFinite(y) && (!LogY || y > 0);

    /// <summary>Runs of drawable points (y already log10 on a log axis), split wherever a value cannot be drawn.</summary>
    private List<List<(double X, double Y)>> ContinuousRuns(LineSeries line)
    {
        var runs = new List<List<(double X, double Y)>>();
        var current = new List<(double X, double Y)>();
        for (int i = 0; i < line.X.Count; i++)
        {
            if (!double.IsFinite(line.X[i]) || !IsShown(line.Y[i]))
            {
                if (current.Count > 0)
                {
                    runs.Add(current);
                    current = [];
                }

                continue;
            }

            current.Add((line.X[i], LogY ? Math.Log10(line.Y[i]) : line.Y[i]));
        }

        if (current.Count > 0)
        {
            runs.Add(current);
        }

        return runs;
    }

    /// <summary>The y range shown (log10 units on a log axis): the data with 5 % headroom, or the fixed ends.</summary>
    private (double Low, double High) YRange(List<(double X, double Y)> drawn)
    {
        double dataLow = drawn.Count > 0 ? drawn.Min(p => p.Y) : double.NaN;
        double dataHigh = drawn.Count > 0 ? drawn.Max(p => p.Y) : double.NaN;
        double? fixedLow = YMin is double yMin && (!LogY || yMin > 0) ? (LogY ? Math.Log10(yMin) : yMin) : null;
        double? fixedHigh = YMax is double yMax && (!LogY || yMax > 0) ? (LogY ? Math.Log10(yMax) : yMax) : null;
        double span = dataHigh - dataLow;
        double pad = span > 0 ? span * 0.05 : (dataLow == 0 ? 0.5 : Math.Abs(dataLow) * 0.1);
        return (fixedLow ?? dataLow - pad, fixedHigh ?? dataHigh + pad);
    }

    /// <summary>A run's points and points between them, so that a line between two far points counts where it passes.</summary>
    private static IEnumerable<(double X, double Y)> AlongTheLine(List<(double X, double Y)> run)
    {
        const int Between = 16;
        for (int i = 0; i < run.Count; i++)
        {
            yield return run[i];
            for (int k = 1; i + 1 < run.Count && run.Count < 64 && k < Between; k++)
            {
                double t = k / (double)Between;
                yield return (run[i].X + (t * (run[i + 1].X - run[i].X)), run[i].Y + (t * (run[i + 1].Y - run[i].Y)));
            }
        }
    }

    /// <summary>The legend corner with the fewest line points under it (as fractions of the axes), and how many there are.</summary>
    private static (Alignment Corner, int Crossings) EmptiestCorner(List<(double X, double Y)> drawn, double low, double high)
    {
        if (drawn.Count == 0 || !(high > low))
        {
            return (Alignment.UpperRight, 0);
        }

        double left = drawn.Min(p => p.X), right = drawn.Max(p => p.X);
        double width = right > left ? right - left : 1;
        var fractions = drawn.Select(p => ((p.X - left) / width, (p.Y - low) / (high - low))).ToList();
        (Alignment Corner, Func<(double X, double Y), bool> Covers)[] corners =
        [
            (Alignment.UpperRight, p => p.X > 0.55 && p.Y > 0.6),
            (Alignment.LowerRight, p => p.X > 0.55 && p.Y < 0.4),
            (Alignment.UpperLeft, p => p.X < 0.45 && p.Y > 0.6),
            (Alignment.LowerLeft, p => p.X < 0.45 && p.Y < 0.4),
        ];
        return corners.Select(c => (c.Corner, fractions.Count(c.Covers))).MinBy(c => c.Item2);
    }
}
