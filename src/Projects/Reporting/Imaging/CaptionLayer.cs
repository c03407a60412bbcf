using IlgpuNet.Data.Imaging;
using ScottPlot;
using SixLabors.ImageSharp.PixelFormats;

namespace IlgpuNet.Reporting;

/// <summary>
/// Text drawn by ScottPlot on a transparent figure the size of an image, one label per position (pixel coordinates,
/// top-centre anchored), shrunk to fit its width and shortened with an ellipsis when even the smallest size does not.
/// The result is laid over the image with ImageSharp.
/// </summary>
internal static class CaptionLayer
{
    private const float SmallestFont = 7;

    public static SixLabors.ImageSharp.Image<Rgba32> Render(int width, int height, IEnumerable<(string Text, double CenterX, double Top, double MaxWidth)> captions,
        float fontSize, Rgb color)
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Layout.Frameless();
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(0, width, height, 0); // y grows downwards, as in the image
        using var paint = Paint.NewDisposablePaint();
        foreach (var (text, centerX, top, maxWidth) in captions.Where(c => c.Text.Length > 0))
        {
            var style = new LabelStyle { FontName = ChartStyle.FontName, FontSize = fontSize };
            string fitted = Fit(text, style, paint, maxWidth);
            var label = plot.Add.Text(fitted, centerX, top);
            label.LabelAlignment = Alignment.UpperCenter;
            label.LabelFontSize = style.FontSize;
            label.LabelFontColor = ChartStyle.ToColor(color);
        }

        using var rendered = plot.GetImage(width, height);
        return SixLabors.ImageSharp.Image.Load<Rgba32>(rendered.GetImageBytes(ScottPlot.ImageFormat.Bmp)); // uncompressed: quicker than PNG
    }

    /// <summary>Width in pixels of <paramref name="text"/> set at <paramref name="fontSize"/> in the charts' font.</summary>
    public static double Measure(string text, float fontSize)
    {
        using var paint = Paint.NewDisposablePaint();
        return new LabelStyle { FontName = ChartStyle.FontName, FontSize = fontSize }.Measure(text, paint).Width;
    }

    private static string Fit(string text, LabelStyle style, Paint paint, double maxWidth)
    {
        while (style.Measure(text, paint).Width > maxWidth && style.FontSize > SmallestFont)
        {
            style.FontSize -= 0.5f;
        }

        string shortened = text;
        while (shortened.Length > 1 && style.Measure(shortened, paint).Width > maxWidth)
        {
            shortened = text[..(shortened.TrimEnd('…').Length - 1)] + "…";
        }

        return shortened;
    }
}
