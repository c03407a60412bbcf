namespace IlgpuNet.Reporting;

/// <summary>The legend to the right of the plot area, outside it so that it never covers data.</summary>
internal static class Legend
{
    private const double FontSize = 12;
    private const double RowHeight = 18;
    private const double SwatchWidth = 18;
    private const double Gap = 12;

    /// <summary>Width to reserve right of the plot; zero when there is nothing worth a legend.</summary>
    public static double Width(IReadOnlyList<LegendEntry> entries) =>
        IsShown(entries) ? Gap + SwatchWidth + 6 + entries.Max(e => SvgBuilder.TextWidth(e.Name, FontSize)) : 0;

    /// <param name="lineSwatch">A short line (line charts) or a filled square (bars).</param>
    public static void Draw(SvgBuilder svg, ChartFrame frame, IReadOnlyList<LegendEntry> entries, bool lineSwatch)
    {
        if (!IsShown(entries))
        {
            return;
        }

        svg.OpenGroup("legend");
        double x = frame.PlotRight + Gap;
        for (int i = 0; i < entries.Count; i++)
        {
            double y = frame.PlotTop + (RowHeight * i) + (RowHeight / 2);
            string color = entries[i].Color.ToHex();
            if (lineSwatch)
            {
                svg.Line(x, y, x + SwatchWidth, y, color, 2.5);
            }
            else
            {
                svg.Rect(x + 4, y - 5, 10, 10, color);
            }

            svg.Text(x + SwatchWidth + 6, y + (FontSize * 0.35), entries[i].Name, FontSize, className: "legend-label");
        }

        svg.CloseGroup();
    }

    private static bool IsShown(IReadOnlyList<LegendEntry> entries) => entries.Count > 1 || (entries.Count == 1 && entries[0].Name.Length > 0);
}
