using System.Text;
using IlgpuNet.Tensors.IO;
using ScottPlot;
using SkiaSharp;

namespace IlgpuNet.Reporting;

/// <summary>A figure drawn by ScottPlot and written as PNG (reports, README and results pages) or SVG (vector copy).</summary>
public abstract class Chart
{
    public string Title { get; set; } = "";

    public string XLabel { get; set; } = "";

    public string YLabel { get; set; } = "";

    /// <summary>Width of the whole figure in pixels.</summary>
    public int Width { get; set; } = 640;

    public int Height { get; set; } = 400;

    /// <summary>The figure as an SVG document (text stays text; several files may share clip-path ids, so link rather than inline them).</summary>
    public string ToSvg()
    {
        var figure = ToFigure();
        figure.Render(Width, Height).Dispose(); // a first pass settles the layout (tick labels, legend), as ScottPlot's own SVG export does
        return Svg(figure);
    }

    /// <summary>The figure as a PNG file's bytes, <see cref="Width"/> x <see cref="Height"/> pixels.</summary>
    public byte[] ToPng() => Png(ToFigure());

    /// <summary>Writes <paramref name="path"/> as PNG or SVG by its extension (temporary file, then rename).</summary>
    public void Save(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg":
                AtomicFile.WriteAllText(path, ToSvg());
                break;
            case ".png":
                var png = ToPng();
                AtomicFile.Write(path, stream => stream.Write(png));
                break;
            default:
                throw new NotSupportedException($"{path}: charts are saved as .png or .svg");
        }
    }

    /// <summary>Writes the PNG and the SVG of one figure: the PNG's render settles the layout the SVG then reuses.</summary>
    internal void SavePngAndSvg(string pngPath, string svgPath)
    {
        var figure = ToFigure();
        var png = Png(figure);
        AtomicFile.Write(pngPath, stream => stream.Write(png));
        AtomicFile.WriteAllText(svgPath, Svg(figure));
    }

    /// <summary>The ScottPlot figure: one plot, or several for a <see cref="ChartGrid"/>.</summary>
    internal abstract Multiplot ToFigure();

    private byte[] Png(Multiplot figure)
    {
        using var image = figure.Render(Width, Height);
        return image.GetImageBytes(ScottPlot.ImageFormat.Png);
    }

    private string Svg(Multiplot figure)
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            figure.Render(canvas, new PixelRect(0, Width, Height, 0));
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
