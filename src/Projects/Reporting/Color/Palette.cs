namespace IlgpuNet.Reporting;

/// <summary>Series colours: ScottPlot's Category10, matplotlib's tab10 cycle, so figures look like the ones students know.</summary>
public static class Palette
{
    public static IReadOnlyList<Rgb> Tab10 { get; } =
        new ScottPlot.Palettes.Category10().Colors.Select(c => new Rgb(c.R, c.G, c.B)).ToArray();

    /// <summary>The colour of the series at <paramref name="index"/>; the cycle repeats after ten.</summary>
    public static Rgb Series(int index) => Tab10[index % Tab10.Count];
}
