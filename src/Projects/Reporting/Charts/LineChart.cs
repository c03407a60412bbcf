namespace IlgpuNet.Reporting;

/// <summary>
/// Curves such as loss and accuracy per epoch: several named series, a legend, nice ticks, optional log-scale y and markers.
/// Points that cannot be drawn (NaN, infinite, or not positive on a log axis) leave a gap; an isolated point gets a marker.
/// </summary>
public sealed class LineChart : Chart
{
    private const double LineWidth = 2;
    private const double MarkerRadius = 3;
    private readonly List<LineSeries> series = [];

    public IReadOnlyList<LineSeries> Series => series;

    /// <summary>Base-10 log scale on y, ticks at powers of ten (losses that fall over decades).</summary>
    public bool LogY { get; set; }

    /// <summary>Draw a dot at every point, not only at isolated ones.</summary>
    public bool ShowMarkers { get; set; }

    /// <summary>Fixes the lower end of the y axis (e.g. 0 for accuracy); null to follow the data.</summary>
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

    public override string ToSvg()
    {
        var drawable = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && IsShown(p.Second)).ToList();
        var xScale = AxisScale.Linear(Min(drawable.Select(p => p.First)), Max(drawable.Select(p => p.First)));
        // A log axis cannot start at zero or below: a YMin of 0 (natural for a linear accuracy plot) falls back to the data.
        double yLow = YMin is double fixedLow && (!LogY || fixedLow > 0) ? fixedLow : Min(drawable.Select(p => p.Second));
        double yHigh = YMax ?? Max(drawable.Select(p => p.Second));
        var yScale = LogY ? AxisScale.Log10(yLow, yHigh) : AxisScale.Linear(yLow, yHigh);

        var legend = series.Select(s => new LegendEntry(s.Name, s.Color)).ToList();
        var frame = new ChartFrame(this, xScale.Ticks, yScale.Ticks, rightPanelWidth: 0);
        bool legendInside = Legend.FitsInside(frame, legend);
        if (!legendInside)
        {
            frame = new ChartFrame(this, xScale.Ticks, yScale.Ticks, Legend.Width(legend));
        }

        var svg = new SvgBuilder(Width, Height);
        frame.DrawUnderlay(svg);

        var occupied = new List<(double X, double Y)>();
        svg.OpenGroup("series-group");
        foreach (var line in series)
        {
            var runs = ContinuousRuns(line, xScale, yScale, frame);
            occupied.AddRange(runs.SelectMany(AlongLine));
            string color = line.Color.ToHex();
            svg.Polylines(runs, color, LineWidth, "series", line.Name);
            foreach (var run in runs)
            {
                if (ShowMarkers || run.Count == 1)
                {
                    foreach (var (x, y) in run)
                    {
                        svg.Circle(x, y, MarkerRadius, color, "marker");
                    }
                }
            }
        }

        svg.CloseGroup();
        frame.DrawAxes(svg);
        if (legendInside)
        {
            Legend.DrawInside(svg, frame, legend, occupied, lineSwatch: true);
        }
        else
        {
            Legend.Draw(svg, frame, legend, lineSwatch: true);
        }

        return svg.ToString();
    }

    /// <summary>Points every few pixels along a polyline, so the legend avoids the lines between data points too.</summary>
    private static IEnumerable<(double X, double Y)> AlongLine(IReadOnlyList<(double X, double Y)> run)
    {
        yield return run[0];
        for (int i = 1; i < run.Count; i++)
        {
            var (x0, y0) = run[i - 1];
            var (x1, y1) = run[i];
            int steps = Math.Max(1, (int)(Math.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0))) / 4));
            for (int k = 1; k <= steps; k++)
            {
                yield return (x0 + ((x1 - x0) * k / steps), y0 + ((y1 - y0) * k / steps));
            }
        }
    }

    private bool IsShown(double y) => double.IsFinite(y) && (!LogY || y > 0);

    /// <summary>Pixel points split wherever a value cannot be drawn, so a NaN epoch shows as a gap rather than a dive to zero.</summary>
    private List<IReadOnlyList<(double X, double Y)>> ContinuousRuns(LineSeries line, AxisScale xScale, AxisScale yScale, ChartFrame frame)
    {
        var runs = new List<IReadOnlyList<(double X, double Y)>>();
        var current = new List<(double X, double Y)>();
        for (int i = 0; i < line.X.Count; i++)
        {
            double fx = xScale.Fraction(line.X[i]);
            double fy = IsShown(line.Y[i]) ? yScale.Fraction(line.Y[i]) : double.NaN;
            if (double.IsNaN(fx) || double.IsNaN(fy))
            {
                if (current.Count > 0)
                {
                    runs.Add(current);
                    current = [];
                }

                continue;
            }

            // A fixed YMin/YMax may cut through the data: pin such points to the frame instead of drawing outside it.
            current.Add((frame.X(fx), frame.Y(Math.Clamp(fy, 0, 1))));
        }

        if (current.Count > 0)
        {
            runs.Add(current);
        }

        return runs;
    }

    private static double Min(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Min();

    private static double Max(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Max();
}
