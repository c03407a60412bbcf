namespace IlgpuNet.Reporting;

/// <summary>
/// The legend: inside the plot in the corner that covers the fewest data points (matplotlib's loc="best") when it is
/// small enough, otherwise to the right of the plot where it can never cover data.
/// </summary>
internal static class Legend
{
    private const double FontSize = 12;
    private const double RowHeight = 18;
    private const double SwatchWidth = 18;
    private const double Gap = 12;
    private const double BoxPadding = 6;
    private const double Inset = 8;

    /// <summary>Width to reserve right of the plot; zero when there is nothing worth a legend.</summary>
    public static double Width(IReadOnlyList<LegendEntry> entries) =>
        IsShown(entries) ? Gap + SwatchWidth + 6 + TextWidth(entries) : 0;

    /// <summary>Whether the legend box takes at most half the plot's width and height, so it can sit inside it.</summary>
    public static bool FitsInside(ChartFrame frame, IReadOnlyList<LegendEntry> entries)
    {
        var (width, height) = BoxSize(entries);
        return width <= frame.PlotWidth * 0.5 && height <= frame.PlotHeight * 0.5;
    }

    /// <summary>Draws the legend in the space <see cref="Width"/> reserved right of the plot.</summary>
    /// <param name="lineSwatch">A short line (line charts) or a filled square (bars).</param>
    public static void Draw(SvgBuilder svg, ChartFrame frame, IReadOnlyList<LegendEntry> entries, bool lineSwatch)
    {
        if (IsShown(entries))
        {
            DrawEntries(svg, frame.PlotRight + Gap, frame.PlotTop, entries, lineSwatch);
        }
    }

    /// <summary>Draws the legend in a box in whichever plot corner holds the fewest of <paramref name="occupied"/> (pixel positions of the data).</summary>
    public static void DrawInside(SvgBuilder svg, ChartFrame frame, IReadOnlyList<LegendEntry> entries, IReadOnlyList<(double X, double Y)> occupied, bool lineSwatch)
    {
        if (!IsShown(entries))
        {
            return;
        }

        var (width, height) = BoxSize(entries);
        (double X, double Y)[] corners =
        [
            (frame.PlotRight - Inset - width, frame.PlotTop + Inset),
            (frame.PlotRight - Inset - width, frame.PlotBottom - Inset - height),
            (frame.PlotLeft + Inset, frame.PlotTop + Inset),
            (frame.PlotLeft + Inset, frame.PlotBottom - Inset - height),
        ];
        var best = corners.MinBy(c => occupied.Count(p => p.X >= c.X - 4 && p.X <= c.X + width + 4 && p.Y >= c.Y - 4 && p.Y <= c.Y + height + 4));
        svg.Rect(best.X, best.Y, width, height, "#ffffff", "#cccccc", "legend-box");
        DrawEntries(svg, best.X + BoxPadding, best.Y + BoxPadding, entries, lineSwatch);
    }

    private static (double Width, double Height) BoxSize(IReadOnlyList<LegendEntry> entries) =>
        ((2 * BoxPadding) + SwatchWidth + 6 + TextWidth(entries), (2 * BoxPadding) + (RowHeight * entries.Count));

    private static double TextWidth(IReadOnlyList<LegendEntry> entries) => entries.Max(e => SvgBuilder.TextWidth(e.Name, FontSize));

    private static void DrawEntries(SvgBuilder svg, double x, double top, IReadOnlyList<LegendEntry> entries, bool lineSwatch)
    {
        svg.OpenGroup("legend");
        for (int i = 0; i < entries.Count; i++)
        {
            double y = top + (RowHeight * i) + (RowHeight / 2);
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
