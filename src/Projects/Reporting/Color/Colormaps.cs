namespace IlgpuNet.Reporting;

/// <summary>Scalar-to-colour maps used by heatmaps, colour bars and activation mosaics.</summary>
public static class Colormaps
{
    // Every 16th entry (and the last) of matplotlib's 256-entry viridis table (CC0, by Stéfan van der Walt,
    // Nathaniel Smith and Eric Firing); linear interpolation between them stays within one 8-bit step of the full table.
    private static readonly (double Position, double R, double G, double B)[] ViridisStops =
    [
        (0 / 255.0, 0.267004, 0.004874, 0.329415),
        (16 / 255.0, 0.282327, 0.094955, 0.417331),
        (32 / 255.0, 0.278826, 0.175490, 0.483397),
        (48 / 255.0, 0.258965, 0.251537, 0.524736),
        (64 / 255.0, 0.229739, 0.322361, 0.545706),
        (80 / 255.0, 0.199430, 0.387607, 0.554642),
        (96 / 255.0, 0.172719, 0.448791, 0.557885),
        (112 / 255.0, 0.149039, 0.508051, 0.557250),
        (128 / 255.0, 0.127568, 0.566949, 0.550556),
        (144 / 255.0, 0.120638, 0.625828, 0.533488),
        (160 / 255.0, 0.157851, 0.683765, 0.501686),
        (176 / 255.0, 0.246070, 0.738910, 0.452024),
        (192 / 255.0, 0.369214, 0.788888, 0.382914),
        (208 / 255.0, 0.515992, 0.831158, 0.294279),
        (224 / 255.0, 0.678489, 0.863742, 0.189503),
        (240 / 255.0, 0.845561, 0.887322, 0.099702),
        (255 / 255.0, 0.993248, 0.906157, 0.143936),
    ];

    /// <summary>The colour of <paramref name="t"/> (clamped to [0, 1]; NaN maps to 0).</summary>
    public static Rgb Map(Colormap colormap, double t) => colormap switch
    {
        Colormap.Viridis => Viridis(t),
        Colormap.Gray => Gray(t),
        _ => throw new ArgumentOutOfRangeException(nameof(colormap), colormap, null),
    };

    public static Rgb Gray(double t)
    {
        byte level = ToByte(Clamp01(t));
        return new Rgb(level, level, level);
    }

    public static Rgb Viridis(double t)
    {
        t = Clamp01(t);
        int upper = 1;
        while (upper < ViridisStops.Length - 1 && ViridisStops[upper].Position < t)
        {
            upper++;
        }

        var low = ViridisStops[upper - 1];
        var high = ViridisStops[upper];
        double f = (t - low.Position) / (high.Position - low.Position);
        return new Rgb(
            ToByte(low.R + (f * (high.R - low.R))),
            ToByte(low.G + (f * (high.G - low.G))),
            ToByte(low.B + (f * (high.B - low.B))));
    }

    private static double Clamp01(double t) => double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);

    private static byte ToByte(double unit) => (byte)Math.Round(Math.Clamp(unit, 0, 1) * 255);
}
