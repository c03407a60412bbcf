namespace IlgpuNet.Reporting;

/// <summary>Series colours: matplotlib's tab10 cycle, so figures look like the ones students know.</summary>
public static class Palette
{
    public static IReadOnlyList<Rgb> Tab10 { get; } =
    [
        Rgb.FromHex("#1f77b4"), Rgb.FromHex("#ff7f0e"), Rgb.FromHex("#2ca02c"), Rgb.FromHex("#d62728"), Rgb.FromHex("#9467bd"),
        Rgb.FromHex("#8c564b"), Rgb.FromHex("#e377c2"), Rgb.FromHex("#7f7f7f"), Rgb.FromHex("#bcbd22"), Rgb.FromHex("#17becf"),
    ];

    /// <summary>The colour of the series at <paramref name="index"/>; the cycle repeats after ten.</summary>
    public static Rgb Series(int index) => Tab10[index % Tab10.Count];
}
