using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// Grouped bars: one group per category, one bar per series inside it (per-class accuracy of several models, say).
/// Bars grow from zero, so negative values point down; NaN values leave an empty slot.
/// </summary>
public sealed class BarChart : PlotChart
{
    private const double GroupFill = 0.8;
    private readonly List<BarSeries> series = [];

    public BarChart(IReadOnlyList<string> categories)
    {
        Categories = categories.ToArray();
    }

    public IReadOnlyList<string> Categories { get; }

    public IReadOnlyList<BarSeries> Series => series;

    /// <summary>Writes each bar's value above it (below it when negative).</summary>
    public bool ShowValues { get; set; }

    /// <summary>
    /// Colours each category's bars in its own tab10 colour (a single series whose categories are classes, say) and
    /// leaves the series out of the legend; with <see cref="ShowCategoryLabels"/> off, a legend (or a
    /// <see cref="ChartGrid"/>'s shared one) names the colours.
    /// </summary>
    public bool ColorByCategory { get; set; }

    /// <summary>Category names under the x axis; off for small panels whose colours a legend explains.</summary>
    public bool ShowCategoryLabels { get; set; } = true;

    public BarChart Add(string name, IReadOnlyList<double> values, Rgb? color = null)
    {
        if (values.Count != Categories.Count)
        {
            throw new ArgumentException($"series '{name}' has {values.Count} values for {Categories.Count} categories");
        }

        series.Add(new BarSeries(name, values.ToArray(), color ?? Palette.Series(series.Count)));
        return this;
    }

    public override Plot ToPlot()
    {
        var plot = ChartStyle.NewPlot(this);
        double width = GroupFill / Math.Max(series.Count, 1);
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (int c = 0; c < Categories.Count; c++)
            {
                double value = series[s].Values[c];
                if (!double.IsFinite(value))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = c + ((s - ((series.Count - 1) / 2.0)) * width),
                    Value = value,
                    Size = width,
                    FillColor = ChartStyle.ToColor(ColorByCategory ? Palette.Series(c) : series[s].Color),
                    LineWidth = 0,
                    Label = ShowValues ? NumberFormat.Compact(value) : "",
                });
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = ColorByCategory ? "" : series[s].Name;
            plottable.ValueLabelStyle.FontSize = ValueLabelSize(width);
        }

        if (ShowCategoryLabels)
        {
            ChartStyle.CategoryTicks(plot, Categories, this, besidePlot: HasLegend ? 190 : 80);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        }

        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        bool negative = values.Any(v => v < 0);
        plot.Axes.Margins(bottom: negative ? 0.1 : 0, top: ShowValues ? 0.15 : 0.05);
        plot.Axes.SetLimitsX(-0.5, Categories.Count - 0.5);
        if (negative)
        {
            plot.Add.HorizontalLine(0, 1, Colors.Black.WithOpacity(0.6));
        }

        plot.Grid.XAxisStyle.IsVisible = false;
        if (HasLegend)
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }

    private bool HasLegend => !ColorByCategory && (series.Count > 1 || (series.Count == 1 && series[0].Name.Length > 0));

    /// <summary>Value labels as large as fits across a bar (the plot is roughly the figure less axes and legend), 6 to 10 pixels.</summary>
    private float ValueLabelSize(double barWidth)
    {
        double barPixels = (Width - (HasLegend ? 190.0 : 80.0)) / Math.Max(Categories.Count, 1) * barWidth;
        double widest = series.SelectMany(s => s.Values).Where(double.IsFinite).Select(v => ChartStyle.TextWidth(NumberFormat.Compact(v), 10)).DefaultIfEmpty(10).Max();
        return (float)Math.Clamp(10 * barPixels / widest, 6, 10);
    }
}
