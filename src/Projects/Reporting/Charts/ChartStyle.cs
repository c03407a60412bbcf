using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// What every chart shares: DejaVu Sans (Debian's fonts-dejavu-core, which `make deps` installs; it has the Greek,
/// arrows, subscripts and math signs figures use), a white figure, title and label sizes, and colours from <see cref="Rgb"/>.
/// </summary>
internal static class ChartStyle
{
    public const string FontFamily = "DejaVu Sans";
    public const float TitleSize = 16;
    public const float LabelSize = 13;
    public const float TickSize = 11;

    /// <summary>More categories than this get every k-th name rather than slanted names.</summary>
    private const int ManyCategories = 24;

    static ChartStyle()
    {
        // SkiaSharp's Linux build reads fonts straight from /usr/share/fonts; without DejaVu Sans keep ScottPlot's own pick.
        if (Fonts.GetTypeface(FontFamily, bold: false, italic: false).FamilyName == FontFamily)
        {
            Fonts.Default = FontFamily;
            Fonts.Sans = FontFamily;
        }
    }

    /// <summary>The font every figure's text uses (reading it first sets ScottPlot's default font).</summary>
    public static string FontName => Fonts.Default;

    /// <summary>A plot with the chart's title and axis labels; tick labels in <see cref="TickSize"/>.</summary>
    public static Plot NewPlot(Chart chart)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.FigureBackground.Color = Colors.White;
        if (chart.Title.Length > 0)
        {
            // ScottPlot centres the title over the data area, which a legend beside it narrows: a long title goes on two
            // lines (split at the space nearest its middle) and is set smaller, down to the tick size, rather than cut off
            double room = chart.Width * 0.6;
            string title = TextWidth(chart.Title, TitleSize) > room ? TwoLines(chart.Title) : chart.Title;
            float size = TitleSize;
            while (size > TickSize && title.Split('\n').Max(line => TextWidth(line, size)) > room)
            {
                size -= 0.5f;
            }

            plot.Title(title, size);
        }

        if (chart.XLabel.Length > 0)
        {
            plot.XLabel(chart.XLabel, LabelSize);
        }

        if (chart.YLabel.Length > 0)
        {
            plot.YLabel(chart.YLabel, LabelSize);
        }

        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Legend.FontSize = TickSize;
        return plot;
    }

    public static Color ToColor(Rgb rgb) => new(rgb.R, rgb.G, rgb.B);

    /// <summary>Category names under the x axis, slanted when they would run into each other (the axis then grows to hold them).</summary>
    /// <param name="besidePlot">Pixels of the figure's width not in the plot (axis, legend, colour bar), roughly.</param>
    public static void CategoryTicks(Plot plot, IReadOnlyList<string> labels, Chart chart, double besidePlot)
    {
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        double slot = (chart.Width - besidePlot) / Math.Max(labels.Count, 1);
        double widest = labels.Max(label => TextWidth(label, TickSize)) + 6;
        if (labels.Count > ManyCategories && widest > slot)
        {
            // Dozens of categories (a layer's filters): every k-th name, upright, k = 1, 2, 5, 10, 20, ...
            int every = NiceStep((int)Math.Ceiling(widest / slot));
            var shown = Enumerable.Range(0, labels.Count).Where(i => i % every == 0).ToArray();
            plot.Axes.Bottom.SetTicks(shown.Select(i => (double)i).ToArray(), shown.Select(i => labels[i]).ToArray());
            return;
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        if (widest > slot)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            // Turned about its top-right corner the name stays wholly below the axis (about its middle, the last letters
            // reach up into the plot and a heatmap covers them).
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            // ScottPlot sizes the axis for upright labels: make room for the slanted ones and the axis label below them.
            double slanted = (labels.Max(label => TextWidth(label, TickSize)) + TickSize) * Math.Sqrt(0.5);
            plot.Axes.Bottom.MinimumSize = (float)(slanted + 6 + (chart.XLabel.Length > 0 ? LabelSize + 8 : 0));
        }
    }

    private static string TwoLines(string text)
    {
        int middle = text.Length / 2;
        var spaces = Enumerable.Range(0, text.Length).Where(i => text[i] == ' ').ToList();
        if (spaces.Count == 0)
        {
            return text;
        }

        int split = spaces.MinBy(i => Math.Abs(i - middle));
        return text[..split] + "\n" + text[(split + 1)..];
    }

    /// <summary>The smallest of 1, 2, 5, 10, 20, 50, ... that is at least <paramref name="least"/>.</summary>
    private static int NiceStep(int least)
    {
        for (int power = 1; ; power *= 10)
        {
            foreach (int step in new[] { 1, 2, 5 })
            {
                if (step * power >= least)
                {
                    return step * power;
                }
            }
        }
    }

    /// <summary>Width of <paramref name="text"/> as ScottPlot will render it, in pixels.</summary>
    public static double TextWidth(string text, double fontSize)
    {
        using var paint = Paint.NewDisposablePaint();
        return new LabelStyle { FontName = FontName, FontSize = (float)fontSize }.Measure(text, paint).Width;
    }
}
