using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>A chart that is one ScottPlot <see cref="Plot"/>: it can stand alone or be a panel of a <see cref="ChartGrid"/>.</summary>
public abstract class PlotChart : Chart
{
    /// <summary>A new ScottPlot plot with this chart drawn on it, to adjust further or save with ScottPlot's own methods.</summary>
    public abstract Plot ToPlot();

    internal sealed override Multiplot ToFigure() => new(ToPlot());
}
