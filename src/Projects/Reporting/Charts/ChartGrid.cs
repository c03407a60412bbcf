using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// Small multiples: panels (line, bar or heatmap charts, each with its own title and axes) in a grid of equal cells,
/// under one title, with an optional legend shared by all panels below them — the class-wise activation of each
/// filter of a layer, say, one bar panel per filter with bars coloured by class.
/// </summary>
public sealed class ChartGrid : Chart
{
    private const int TitleBand = 36;
    private const int LegendRowHeight = 30;
    private readonly List<PlotChart> panels = [];
    private readonly List<(string Name, Rgb Color)> legend = [];

    public ChartGrid(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Columns = columns;
        Width = columns * PanelWidth;
        Height = TitleBand;
    }

    public int Columns { get; }

    public int Rows => (panels.Count + Columns - 1) / Columns;

    public IReadOnlyList<PlotChart> Panels => panels;

    /// <summary>Size of each panel in pixels; the figure's <see cref="Chart.Width"/> and <see cref="Chart.Height"/> follow from it.</summary>
    public int PanelWidth { get; init; } = 190;

    public int PanelHeight { get; init; } = 150;

    public ChartGrid Add(PlotChart panel)
    {
        panels.Add(panel);
        Resize();
        return this;
    }

    /// <summary>One legend for the whole figure: each name with its colour (tab10 in order when no colours are given).</summary>
    public ChartGrid Legend(IReadOnlyList<string> names, IReadOnlyList<Rgb>? colors = null)
    {
        legend.Clear();
        legend.AddRange(names.Select((name, i) => (name, colors?[i] ?? Palette.Series(i))));
        Resize();
        return this;
    }

    internal override Multiplot ToFigure()
    {
        if (panels.Count == 0)
        {
            throw new InvalidOperationException("a chart grid needs at least one panel");
        }

        var figure = new Multiplot(TitlePlot());
        foreach (var panel in panels)
        {
            var plot = panel.ToPlot();
            plot.Axes.Title.Label.FontSize = ChartStyle.LabelSize - 1; // panel titles and labels smaller than a figure's
            plot.Axes.Bottom.Label.FontSize = ChartStyle.TickSize;
            plot.Axes.Left.Label.FontSize = ChartStyle.TickSize;
            figure.AddPlot(plot);
        }

        figure.AddPlot(LegendPlot());
        figure.Layout = new BandedGridLayout(Columns, TitleBand, LegendHeight);
        return figure;
    }

    private int LegendHeight => legend.Count == 0 ? 0 : (LegendRowHeight * LegendRows) + 16;

    /// <summary>Legend entries wrap at the figure's width: a swatch, the name and a gap each.</summary>
    private int LegendRows
    {
        get
        {
            double entryWidth = legend.Count == 0 ? 1 : legend.Max(e => ChartStyle.TextWidth(e.Name, ChartStyle.LabelSize - 1)) + 60;
            return legend.Count == 0 ? 0 : (int)Math.Ceiling(legend.Count / Math.Max(1, Math.Floor((Width - 40) / entryWidth)));
        }
    }

    private void Resize()
    {
        Width = Math.Min(panels.Count, Columns) * PanelWidth;
        Height = TitleBand + (Rows * PanelHeight) + LegendHeight;
    }

    private Plot TitlePlot()
    {
        var plot = BlankPlot();
        var title = plot.Add.Text(Title, 0, 0);
        title.LabelAlignment = Alignment.MiddleCenter;
        title.LabelFontSize = ChartStyle.TitleSize;
        title.LabelBold = true;
        return plot;
    }

    private Plot LegendPlot()
    {
        var plot = BlankPlot();
        if (legend.Count > 0)
        {
            var items = legend.Select(entry => new LegendItem { LabelText = entry.Name, FillColor = ChartStyle.ToColor(entry.Color) });
            var box = plot.ShowLegend(items, Alignment.MiddleCenter);
            box.Orientation = Orientation.Horizontal;
            box.FontSize = ChartStyle.LabelSize - 1;
            box.OutlineWidth = 0;
            box.ShadowColor = Colors.Transparent;
        }

        return plot;
    }

    private static Plot BlankPlot()
    {
        var plot = new Plot();
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-1, 1, -1, 1);
        return plot;
    }
}
