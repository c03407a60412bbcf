using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>Scalar-to-colour maps used by heatmaps, colour bars, activation mosaics and overlays: ScottPlot's tables.</summary>
public static class Colormaps
{
    private static readonly IColormap ViridisTable = new global::ScottPlot.Colormaps.Viridis();
    private static readonly IColormap GrayTable = new global::ScottPlot.Colormaps.Grayscale();

    /// <summary>The colour of <paramref name="t"/> (clamped to [0, 1]; NaN maps to 0).</summary>
    public static Rgb Map(Colormap colormap, double t)
    {
        var color = ToScottPlot(colormap).GetColor(double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1));
        return new Rgb(color.R, color.G, color.B);
    }

    public static Rgb Gray(double t) => Map(Colormap.Gray, t);

    public static Rgb Viridis(double t) => Map(Colormap.Viridis, t);

    internal static IColormap ToScottPlot(Colormap colormap) => colormap switch
    {
        Colormap.Viridis => ViridisTable,
        Colormap.Gray => GrayTable,
        _ => throw new ArgumentOutOfRangeException(nameof(colormap), colormap, null),
    };
}
