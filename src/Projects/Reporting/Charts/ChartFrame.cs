namespace IlgpuNet.Reporting;

/// <summary>
/// Layout and decoration shared by every chart: title, axis labels, grid, frame, ticks and tick labels around a plot area,
/// with room on the right for a legend or a colour bar. Margins follow from the text they must hold, so nothing is clipped.
/// </summary>
internal sealed class ChartFrame
{
    public const double TitleSize = 16;
    public const double LabelSize = 13;
    public const double TickSize = 11;
    private const double Margin = 12;
    private const double TickLength = 5;
    private const double RotatedLabelDegrees = 40;
    private const int MaxTickLabelLength = 24;
    private const string FrameColor = "#444444";
    private const string GridColor = "#e6e6e6";

    private readonly Chart chart;
    private readonly IReadOnlyList<AxisTick> xTicks;
    private readonly IReadOnlyList<AxisTick> yTicks;
    private readonly bool xGrid;
    private readonly bool yGrid;

    /// <param name="rightPanelWidth">Space kept right of the plot for a legend or colour bar (0 for none).</param>
    /// <param name="plotAspect">Width/height the plot area must keep (square heatmap cells), or null to fill the figure.</param>
    public ChartFrame(Chart chart, IReadOnlyList<AxisTick> xTicks, IReadOnlyList<AxisTick> yTicks, double rightPanelWidth,
        double? plotAspect = null, bool xGrid = true, bool yGrid = true)
    {
        this.chart = chart;
        this.xTicks = xTicks.Select(t => t with { Label = Shorten(t.Label) }).ToList();
        this.yTicks = yTicks.Select(t => t with { Label = Shorten(t.Label) }).ToList();
        this.xGrid = xGrid;
        this.yGrid = yGrid;

        (PlotLeft, PlotTop, PlotWidth, PlotHeight) = Layout(rightPanelWidth, plotAspect, rotateXLabels: false);
        if (XLabelsCollide())
        {
            RotateXLabels = true;
            (PlotLeft, PlotTop, PlotWidth, PlotHeight) = Layout(rightPanelWidth, plotAspect, rotateXLabels: true);
        }
    }

    public double PlotLeft { get; }

    public double PlotTop { get; }

    public double PlotWidth { get; }

    public double PlotHeight { get; }

    public double PlotRight => PlotLeft + PlotWidth;

    public double PlotBottom => PlotTop + PlotHeight;

    public bool RotateXLabels { get; }

    public double X(double fraction) => PlotLeft + (fraction * PlotWidth);

    /// <summary>Fractions grow upwards, SVG y grows downwards.</summary>
    public double Y(double fraction) => PlotBottom - (fraction * PlotHeight);

    /// <summary>Background, title, axis labels and grid: everything drawn below the data.</summary>
    public void DrawUnderlay(SvgBuilder svg)
    {
        if (chart.Title.Length > 0)
        {
            svg.Text(PlotLeft + (PlotWidth / 2), Margin + TitleSize, chart.Title, TitleSize, "middle", "title", bold: true);
        }

        if (chart.XLabel.Length > 0)
        {
            svg.Text(PlotLeft + (PlotWidth / 2), chart.Height - Margin, chart.XLabel, LabelSize, "middle", "x-label");
        }

        if (chart.YLabel.Length > 0)
        {
            double x = Margin + LabelSize;
            double y = PlotTop + (PlotHeight / 2);
            svg.Text(x, y, chart.YLabel, LabelSize, "middle", "y-label", rotate: -90);
        }

        svg.OpenGroup("grid");
        foreach (var tick in xTicks.Where(t => xGrid && !t.IsMinor))
        {
            svg.Line(X(tick.Fraction), PlotTop, X(tick.Fraction), PlotBottom, GridColor);
        }

        foreach (var tick in yTicks.Where(t => yGrid && !t.IsMinor))
        {
            svg.Line(PlotLeft, Y(tick.Fraction), PlotRight, Y(tick.Fraction), GridColor);
        }

        svg.CloseGroup();
    }

    /// <summary>Frame, tick marks and tick labels: drawn over the data so lines never hide the axes.</summary>
    public void DrawAxes(SvgBuilder svg)
    {
        svg.Rect(PlotLeft, PlotTop, PlotWidth, PlotHeight, "none", FrameColor, "frame");
        svg.OpenGroup("x-axis");
        foreach (var tick in xTicks)
        {
            double x = X(tick.Fraction);
            svg.Line(x, PlotBottom, x, PlotBottom + (tick.IsMinor ? TickLength / 2 : TickLength), FrameColor);
            if (tick.IsMinor)
            {
                continue;
            }

            if (RotateXLabels)
            {
                double y = PlotBottom + TickLength + 4;
                svg.Text(x, y, tick.Label, TickSize, "end", "x-tick-label", rotate: -RotatedLabelDegrees, baseline: "hanging");
            }
            else
            {
                svg.Text(x, PlotBottom + TickLength + 3 + TickSize, tick.Label, TickSize, "middle", "x-tick-label");
            }
        }

        svg.CloseGroup();
        svg.OpenGroup("y-axis");
        foreach (var tick in yTicks)
        {
            double y = Y(tick.Fraction);
            svg.Line(PlotLeft - (tick.IsMinor ? TickLength / 2 : TickLength), y, PlotLeft, y, FrameColor);
            if (!tick.IsMinor)
            {
                svg.Text(PlotLeft - TickLength - 3, y + (TickSize * 0.35), tick.Label, TickSize, "end", "y-tick-label");
            }
        }

        svg.CloseGroup();
    }

    private static string Shorten(string label) =>
        label.Length <= MaxTickLabelLength ? label : label[..(MaxTickLabelLength - 1)] + "…";

    private static double WidestLabel(IEnumerable<AxisTick> ticks) =>
        ticks.Where(t => !t.IsMinor).Select(t => SvgBuilder.TextWidth(t.Label, TickSize)).DefaultIfEmpty(0).Max();

    private bool XLabelsCollide()
    {
        var labelled = xTicks.Where(t => !t.IsMinor).OrderBy(t => t.Fraction).ToList();
        for (int i = 1; i < labelled.Count; i++)
        {
            double gap = (labelled[i].Fraction - labelled[i - 1].Fraction) * PlotWidth;
            double needed = ((SvgBuilder.TextWidth(labelled[i].Label, TickSize) + SvgBuilder.TextWidth(labelled[i - 1].Label, TickSize)) / 2) + 6;
            if (gap < needed)
            {
                return true;
            }
        }

        return false;
    }

    private (double Left, double Top, double Width, double Height) Layout(double rightPanelWidth, double? plotAspect, bool rotateXLabels)
    {
        double top = Margin + (chart.Title.Length > 0 ? TitleSize + 12 : 0) + (TickSize / 2);
        double left = Margin + (chart.YLabel.Length > 0 ? LabelSize + 10 : 0) + WidestLabel(yTicks) + TickLength + 5;

        double xLabelBand;
        double rightOverhang = 0;
        if (rotateXLabels)
        {
            double radians = RotatedLabelDegrees * Math.PI / 180;
            xLabelBand = TickLength + 4 + (WidestLabel(xTicks) * Math.Sin(radians)) + TickSize;

            // A long first label slants left past the y axis: widen the left margin so it is not cut off at the figure edge.
            var first = xTicks.Where(t => !t.IsMinor).OrderBy(t => t.Fraction).FirstOrDefault();
            if (first.Label is not null)
            {
                double roughPlotWidth = chart.Width - left - Margin - rightPanelWidth;
                double reach = (SvgBuilder.TextWidth(first.Label, TickSize) * Math.Cos(radians)) - (first.Fraction * roughPlotWidth);
                left = Math.Max(left, Margin + reach);
            }
        }
        else
        {
            xLabelBand = TickLength + 3 + TickSize + 4;
            var last = xTicks.Where(t => !t.IsMinor).OrderBy(t => t.Fraction).LastOrDefault();
            rightOverhang = last.Label is null ? 0 : SvgBuilder.TextWidth(last.Label, TickSize) * (last.Fraction - 0.5);
        }

        double bottom = Margin + (chart.XLabel.Length > 0 ? LabelSize + 8 : 0) + xLabelBand;
        double right = Margin + Math.Max(rightPanelWidth, rightOverhang);
        double width = Math.Max(chart.Width - left - right, 20);
        double height = Math.Max(chart.Height - top - bottom, 20);

        if (plotAspect is double aspect)
        {
            if (width / height > aspect)
            {
                width = height * aspect;
            }
            else
            {
                height = width / aspect;
            }
        }

        return (left, top, width, height);
    }
}
