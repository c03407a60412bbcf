using System.Globalization;

namespace IlgpuNet.Reporting;

/// <summary>
/// A matrix as coloured cells (viridis by default) with a colour bar, row and column labels and optional
/// per-cell text: confusion matrices first of all. Row 0 is drawn at the top, as matrices are printed.
/// </summary>
public sealed class Heatmap : Chart
{
    private const double ColorBarWidth = 16;
    private const double ColorBarGap = 16;
    private const int ColorBarSteps = 64;

    public Heatmap(double[,] values, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null)
    {
        Values = (double[,])values.Clone();
        RowLabels = rowLabels?.ToArray() ?? Enumerable.Range(0, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        ColumnLabels = columnLabels?.ToArray() ?? Enumerable.Range(0, Columns).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (RowLabels.Count != Rows || ColumnLabels.Count != Columns)
        {
            throw new ArgumentException($"a {Rows}x{Columns} heatmap needs {Rows} row labels and {Columns} column labels, got {RowLabels.Count} and {ColumnLabels.Count}");
        }

        Width = 560;
        Height = 480;
    }

    public double[,] Values { get; }

    public int Rows => Values.GetLength(0);

    public int Columns => Values.GetLength(1);

    public IReadOnlyList<string> RowLabels { get; }

    public IReadOnlyList<string> ColumnLabels { get; }

    public Colormap Colormap { get; set; } = Colormap.Viridis;

    public HeatmapAnnotation Annotation { get; set; } = HeatmapAnnotation.None;

    /// <summary>Value mapped to the darkest colour; null for the smallest finite value.</summary>
    public double? ColorMin { get; set; }

    /// <summary>Value mapped to the brightest colour; null for the largest finite value.</summary>
    public double? ColorMax { get; set; }

    /// <summary>A confusion matrix (rows = true class, columns = predicted class), counts or row fractions written in each cell.</summary>
    public static Heatmap ConfusionMatrix(int[,] counts, IReadOnlyList<string> classNames, bool normalizeRows = false)
    {
        int rows = counts.GetLength(0);
        int columns = counts.GetLength(1);
        var values = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            double total = 0;
            for (int c = 0; c < columns; c++)
            {
                total += counts[r, c];
            }

            for (int c = 0; c < columns; c++)
            {
                values[r, c] = normalizeRows ? (total > 0 ? counts[r, c] / total : 0) : counts[r, c];
            }
        }

        return new Heatmap(values, classNames, classNames)
        {
            Title = normalizeRows ? "Confusion matrix (row-normalised)" : "Confusion matrix",
            XLabel = "Predicted class",
            YLabel = "True class",
            Annotation = normalizeRows ? HeatmapAnnotation.Fractions : HeatmapAnnotation.Counts,
            ColorMin = normalizeRows ? 0 : null,
            ColorMax = normalizeRows ? 1 : null,
        };
    }

    public override string ToSvg()
    {
        var finite = Values.Cast<double>().Where(double.IsFinite).ToList();
        double low = ColorMin ?? finite.DefaultIfEmpty(0).Min();
        double high = ColorMax ?? finite.DefaultIfEmpty(1).Max();
        if (!(high > low))
        {
            high = low + 1;
        }

        var barTicks = ColorBarTicks(low, high);
        double barLabelWidth = barTicks.Max(t => SvgBuilder.TextWidth(t.Label, ChartFrame.TickSize));
        var xTicks = ColumnLabels.Select((label, c) => new AxisTick((c + 0.5) / Columns, label)).ToList();
        var yTicks = RowLabels.Select((label, r) => new AxisTick(1 - ((r + 0.5) / Rows), label)).ToList();
        double rightPanel = ColorBarGap + ColorBarWidth + 8 + barLabelWidth;
        var frame = new ChartFrame(this, xTicks, yTicks, rightPanel, plotAspect: Columns / (double)Rows, xGrid: false, yGrid: false);

        var svg = new SvgBuilder(Width, Height);
        frame.DrawUnderlay(svg);
        DrawCells(svg, frame, low, high);
        frame.DrawAxes(svg);
        DrawColorBar(svg, frame, barTicks);
        return svg.ToString();
    }

    private void DrawCells(SvgBuilder svg, ChartFrame frame, double low, double high)
    {
        double cellWidth = frame.PlotWidth / Columns;
        double cellHeight = frame.PlotHeight / Rows;
        svg.OpenGroup("cells");
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double value = Values[r, c];
                var color = double.IsFinite(value) ? Colormaps.Map(Colormap, (value - low) / (high - low)) : new Rgb(255, 255, 255);
                double x = frame.PlotLeft + (c * cellWidth);
                double y = frame.PlotTop + (r * cellHeight);
                string text = AnnotationText(value);
                // Stroked in its own colour: hides the hairline seams anti-aliasing leaves between adjacent cells.
                svg.Rect(x, y, cellWidth, cellHeight, color.ToHex(), stroke: color.ToHex(), className: "cell",
                    tooltip: $"{RowLabels[r]} / {ColumnLabels[c]}: {NumberFormat.Short(value)}", dataValue: value.ToString("R", CultureInfo.InvariantCulture));
                if (Annotation == HeatmapAnnotation.None)
                {
                    continue;
                }

                // Font shrinks to fit the cell; dark cells get white text, bright ones black.
                double fontSize = Math.Min(Math.Min(12, cellHeight * 0.4), cellWidth * 0.85 / Math.Max(text.Length * 0.6, 1));
                if (fontSize >= 6)
                {
                    string ink = color.Luminance < 0.5 ? "#ffffff" : "#111111";
                    svg.Text(x + (cellWidth / 2), y + (cellHeight / 2) + (fontSize * 0.35), text, fontSize, "middle", "cell-label", ink);
                }
            }
        }

        svg.CloseGroup();
    }

    private void DrawColorBar(SvgBuilder svg, ChartFrame frame, IReadOnlyList<AxisTick> ticks)
    {
        double x = frame.PlotRight + ColorBarGap;
        double stepHeight = frame.PlotHeight / ColorBarSteps;
        svg.OpenGroup("color-bar");
        for (int i = 0; i < ColorBarSteps; i++)
        {
            // Stacked bands rather than a <linearGradient>: gradients need ids, which clash when several SVGs are inlined in one page.
            var color = Colormaps.Map(Colormap, (i + 0.5) / ColorBarSteps);
            svg.Rect(x, frame.PlotBottom - ((i + 1) * stepHeight), ColorBarWidth, stepHeight + 0.5, color.ToHex());
        }

        svg.Rect(x, frame.PlotTop, ColorBarWidth, frame.PlotHeight, "none", "#444444");
        foreach (var tick in ticks)
        {
            double y = frame.Y(tick.Fraction);
            svg.Line(x + ColorBarWidth, y, x + ColorBarWidth + 4, y, "#444444");
            svg.Text(x + ColorBarWidth + 7, y + (ChartFrame.TickSize * 0.35), tick.Label, ChartFrame.TickSize, className: "color-bar-label");
        }

        svg.CloseGroup();
    }

    /// <summary>Nice values inside [low, high], placed as fractions of that exact range.</summary>
    private static List<AxisTick> ColorBarTicks(double low, double high)
    {
        var scale = AxisScale.Linear(low, high, targetTickCount: 5);
        return scale.Ticks
            .Select(t => (Value: scale.Min + (t.Fraction * (scale.Max - scale.Min)), t.Label))
            .Where(t => t.Value >= low - ((high - low) * 1e-9) && t.Value <= high + ((high - low) * 1e-9))
            .Select(t => new AxisTick((t.Value - low) / (high - low), t.Label))
            .ToList();
    }

    private string AnnotationText(double value) => Annotation switch
    {
        HeatmapAnnotation.Counts => double.IsFinite(value) ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : "",
        HeatmapAnnotation.Fractions => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "",
        HeatmapAnnotation.Values => NumberFormat.Short(value),
        _ => "",
    };
}
