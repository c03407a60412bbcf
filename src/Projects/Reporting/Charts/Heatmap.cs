using System.Globalization;
using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// A matrix as coloured cells (viridis by default) with a colour bar, row and column labels and optional per-cell
/// text: confusion matrices first of all. Row 0 is drawn at the top, as matrices are printed.
/// </summary>
public sealed class Heatmap : PlotChart
{
    public Heatmap(double[,] values, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null)
    {
        Values = (double[,])values.Clone();
        RowLabels = rowLabels?.ToArray() ?? Enumerable.Range(0, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        ColumnLabels = columnLabels?.ToArray() ?? Enumerable.Range(0, Columns).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (RowLabels.Count != Rows || ColumnLabels.Count != Columns)
        {
            throw new ArgumentException($"a {Rows}x{Columns} heatmap needs {Rows} row labels and {Columns} column labels, got {RowLabels.Count} and {ColumnLabels.Count}");
        }

        Width = 600;
        Height = 520;
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

    public override Plot ToPlot()
    {
        var plot = ChartStyle.NewPlot(this);
        var (low, high) = ColorRange();
        var cells = plot.Add.Heatmap(Values);
        cells.Colormap = Colormaps.ToScottPlot(Colormap);
        cells.ManualRange = new ScottPlot.Range(low, high);
        cells.NaNCellColor = Colors.White;
        cells.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles(); // crisp cells, and real rectangles in the SVG
        plot.Add.ColorBar(cells);
        AddCellText(plot, low, high);

        ChartStyle.CategoryTicks(plot, ColumnLabels, this, besidePlot: 200);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, Rows).Select(r => (double)(Rows - 1 - r)).ToArray(), RowLabels.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.5, Columns - 0.5, -0.5, Rows - 0.5);
        plot.HideGrid();
        return plot;
    }

    private (double Low, double High) ColorRange()
    {
        var finite = Values.Cast<double>().Where(double.IsFinite).ToList();
        double low = ColorMin ?? finite.DefaultIfEmpty(0).Min();
        double high = ColorMax ?? finite.DefaultIfEmpty(1).Max();
        return high > low ? (low, high) : (low, low + 1);
    }

    /// <summary>The value in each cell, sized to fit it, white on dark cells and black on bright ones.</summary>
    private void AddCellText(Plot plot, double low, double high)
    {
        if (Annotation == HeatmapAnnotation.None)
        {
            return;
        }

        // The plot area is roughly the figure less the axes, labels and colour bar.
        double cellWidth = (Width - 220.0) / Columns;
        double cellHeight = (Height - 140.0) / Rows;
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double value = Values[r, c];
                string text = AnnotationText(value);
                double fontSize = Math.Min(Math.Min(12, cellHeight * 0.4), cellWidth * 0.85 * 12 / Math.Max(ChartStyle.TextWidth(text, 12), 1));
                if (text.Length == 0 || fontSize < 6)
                {
                    continue;
                }

                var color = Colormaps.Map(Colormap, (value - low) / (high - low));
                var label = plot.Add.Text(text, c, Rows - 1 - r);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = (float)fontSize;
                label.LabelFontColor = color.Luminance < 0.5 ? Colors.White : Colors.Black;
            }
        }
    }

    private string AnnotationText(double value) => Annotation switch
    {
        HeatmapAnnotation.Counts => double.IsFinite(value) ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : "",
        HeatmapAnnotation.Fractions => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "",
        HeatmapAnnotation.Values => NumberFormat.Short(value),
        _ => "",
    };
}
