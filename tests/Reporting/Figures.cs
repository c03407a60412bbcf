using System.Xml.Linq;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;
using ScottPlot;

namespace IlgpuNet.Tests.Reporting;

/// <summary>Reads charts back: the words of an SVG, the pixels of a PNG, where a data point lands in a rendered plot.</summary>
internal static class Figures
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    /// <summary>The text of every SVG &lt;text&gt; element (the SVG must parse as XML).</summary>
    public static List<string> SvgTexts(string svg)
    {
        var document = XDocument.Parse(svg);
        Assert.Equal(SvgNamespace + "svg", document.Root!.Name);
        return document.Descendants(SvgNamespace + "text").Select(e => e.Value.Trim()).ToList();
    }

    public static ByteImage Png(byte[] png)
    {
        Assert.Equal(IlgpuNet.Data.Imaging.ImageFormat.Png, ImageFile.DetectFormat(png));
        return ImageFile.Decode(png).ToRgb();
    }

    /// <summary>Renders the plot at the size given and returns its pixels and the pixel of each data coordinate asked for.</summary>
    public static (ByteImage Image, Func<double, double, (int X, int Y)> PixelOf) Render(Plot plot, int width, int height)
    {
        using var rendered = plot.GetImage(width, height);
        var image = Png(rendered.GetImageBytes(ScottPlot.ImageFormat.Png));
        (int X, int Y) PixelOf(double x, double y)
        {
            var pixel = plot.GetPixel(new Coordinates(x, y));
            return ((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
        }

        return (image, PixelOf);
    }

    public static Rgb PixelAt(ByteImage image, int x, int y) => new(image.At(x, y, 0), image.At(x, y, 1), image.At(x, y, 2));

    /// <summary>Pixels within <paramref name="tolerance"/> of <paramref name="color"/> on every channel.</summary>
    public static int CountNear(ByteImage image, Rgb color, int tolerance = 12)
    {
        int count = 0;
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            var p = image.Pixels.AsSpan(i * 3, 3);
            count += Math.Abs(p[0] - color.R) <= tolerance && Math.Abs(p[1] - color.G) <= tolerance && Math.Abs(p[2] - color.B) <= tolerance ? 1 : 0;
        }

        return count;
    }
}
