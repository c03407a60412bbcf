namespace IlgpuNet.Reporting;

/// <summary>
/// Grouped bars: one group per category, one bar per series inside it (per-class accuracy of several models, say).
/// Bars grow from zero, so negative values point down; NaN values leave an empty slot.
/// </summary>
public sealed class BarChart : Chart
{
    private const double GroupFill = 0.8;
    private const double ValueLabelSize = 10;
    private readonly List<BarSeries> series = [];

    public BarChart(IReadOnlyList<string> categories)
    {
        Categories = categories.ToArray();
    }

    public IReadOnlyList<string> Categories { get; }

    public IReadOnlyList<BarSeries> Series => series;

    /// <summary>Writes each bar's value above it (below it when negative).</summary>
    public bool ShowValues { get; set; }

    public BarChart Add(string name, IReadOnlyList<double> values, Rgb? color = null)
    {
        if (values.Count != Categories.Count)
        {
            throw new ArgumentException($"series '{name}' has {values.Count} values for {Categories.Count} categories");
        }

        series.Add(new BarSeries(name, values.ToArray(), color ?? Palette.Series(series.Count)));
        return this;
    }

    public override string ToSvg()
    {
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).Append(0).ToList();
        double top = finite.Max();
        double bottom = finite.Min();
        var legend = series.Select(s => new LegendEntry(s.Name, s.Color)).ToList();

        // Value labels run upright when they fit across a bar, else along it; either way the axis needs headroom for them.
        // Bar width and plot height are estimated before layout (layout depends on the axis range this decides).
        double roughBarWidth = (Width - 150 - Legend.Width(legend)) * GroupFill / Math.Max(Categories.Count * series.Count, 1);
        double widestValue = series.SelectMany(s => s.Values).Where(double.IsFinite)
            .Select(v => SvgBuilder.TextWidth(NumberFormat.Compact(v), ValueLabelSize)).DefaultIfEmpty(0).Max();
        bool verticalValues = ShowValues && widestValue > roughBarWidth + 4;
        if (ShowValues)
        {
            double labelPixels = (verticalValues ? widestValue : ValueLabelSize) + 6;
            double headroom = labelPixels / Math.Max(Height - 110 - labelPixels, 40);
            double span = Math.Max(top - bottom, 1e-12);
            top += top > 0 ? span * headroom : 0;
            bottom -= bottom < 0 ? span * headroom : 0;
        }

        var yScale = AxisScale.Linear(bottom, top);
        var xTicks = Categories.Select((name, i) => new AxisTick((i + 0.5) / Categories.Count, name)).ToList();
        var frame = new ChartFrame(this, xTicks, yScale.Ticks, Legend.Width(legend), xGrid: false);
        var svg = new SvgBuilder(Width, Height);
        frame.DrawUnderlay(svg);

        double slot = frame.PlotWidth / Math.Max(Categories.Count, 1);
        double barWidth = slot * GroupFill / Math.Max(series.Count, 1);
        double zeroY = frame.Y(yScale.Fraction(0));
        svg.OpenGroup("bars");
        for (int s = 0; s < series.Count; s++)
        {
            string color = series[s].Color.ToHex();
            for (int c = 0; c < Categories.Count; c++)
            {
                double value = series[s].Values[c];
                if (!double.IsFinite(value))
                {
                    continue;
                }

                double x = frame.PlotLeft + (slot * c) + (slot * (1 - GroupFill) / 2) + (barWidth * s);
                double valueY = frame.Y(yScale.Fraction(value));
                string exact = NumberFormat.Short(value);
                svg.Rect(x, Math.Min(valueY, zeroY), barWidth, Math.Abs(zeroY - valueY), color, className: "bar",
                    tooltip: $"{series[s].Name} · {Categories[c]}: {exact}", dataValue: exact);
                if (ShowValues)
                {
                    DrawValueLabel(svg, x + (barWidth / 2), valueY, value, verticalValues);
                }
            }
        }

        svg.CloseGroup();
        if (bottom < 0)
        {
            svg.Line(frame.PlotLeft, zeroY, frame.PlotRight, zeroY, "#444444", className: "zero-line");
        }

        frame.DrawAxes(svg);
        Legend.Draw(svg, frame, legend, lineSwatch: false);
        return svg.ToString();
    }

    private static void DrawValueLabel(SvgBuilder svg, double centerX, double valueY, double value, bool vertical)
    {
        string text = NumberFormat.Compact(value);
        bool up = value >= 0;
        if (vertical)
        {
            svg.Text(centerX + (ValueLabelSize * 0.35), up ? valueY - 3 : valueY + 3, text, ValueLabelSize, up ? "start" : "end", "value-label", rotate: -90);
        }
        else
        {
            svg.Text(centerX, up ? valueY - 3 : valueY + ValueLabelSize + 1, text, ValueLabelSize, "middle", "value-label");
        }
    }
}
