using IlgpuNet.Data.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace IlgpuNet.Reporting;

/// <summary>
/// Labelled boxes drawn over an image, as detection results are shown: a coloured outline per box and its label (class
/// and score) on a strip of the box's colour above it (inside the box when there is no room above), the text drawn by
/// ScottPlot in the charts' font. The image can be enlarged first (nearest neighbour, with ImageSharp) so that outlines
/// and text stay thin against its content. Coordinates are in the original image's pixels, (x1, y1) the top-left
/// corner; the result is RGB.
/// </summary>
public sealed class BoxOverlay
{
    private readonly ByteImage image;
    private readonly List<(double X1, double Y1, double X2, double Y2, string Label, Rgb Color)> boxes = [];

    public BoxOverlay(ByteImage image, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        this.image = image;
        Scale = scale;
    }

    /// <summary>Output pixels per image pixel.</summary>
    public int Scale { get; }

    public int LineWidth { get; set; } = 2;

    /// <summary>Label text size in pixels.</summary>
    public float FontSize { get; set; } = 10;

    public int Count => boxes.Count;

    /// <summary>Height of a label's strip.</summary>
    public int StripHeight => (int)Math.Ceiling(FontSize * 1.3) + 2;

    public BoxOverlay Add(double x1, double y1, double x2, double y2, string label, Rgb color)
    {
        boxes.Add((x1, y1, x2, y2, label, color));
        return this;
    }

    public ByteImage Render()
    {
        int width = image.Width * Scale, height = image.Height * Scale;
        using var canvas = image.ToImageSharp<Rgb24>();
        if (Scale > 1)
        {
            canvas.Mutate(c => c.Resize(width, height, KnownResamplers.NearestNeighbor));
        }

        foreach (var (x1, y1, x2, y2, _, color) in boxes)
        {
            var (left, top, right, bottom) = Corners(x1, y1, x2, y2);
            Fill(canvas, left, top, right - left, LineWidth, color);
            Fill(canvas, left, bottom - LineWidth, right - left, LineWidth, color);
            Fill(canvas, left, top, LineWidth, bottom - top, color);
            Fill(canvas, right - LineWidth, top, LineWidth, bottom - top, color);
        }

        // labels after every outline, so no outline crosses a label; dark text on light strips, light on dark
        var captions = new List<(string Text, double CenterX, double Top, double MaxWidth, bool Dark)>();
        foreach (var (x1, y1, x2, y2, label, color) in boxes.Where(b => b.Label.Length > 0))
        {
            var (left, top, _, _) = Corners(x1, y1, x2, y2);
            int stripWidth = Math.Min(width, (int)Math.Ceiling(CaptionLayer.Measure(label, FontSize)) + 4);
            int stripTop = top - StripHeight >= 0 ? top - StripHeight : top;
            int stripLeft = Math.Clamp(left, 0, width - stripWidth);
            Fill(canvas, stripLeft, stripTop, stripWidth, StripHeight, color);
            captions.Add((label, stripLeft + (stripWidth / 2.0), stripTop + 1, stripWidth, color.Luminance > 0.5));
        }

        foreach (var group in captions.GroupBy(c => c.Dark))
        {
            using var text = CaptionLayer.Render(width, height, group.Select(c => (c.Text, c.CenterX, c.Top, c.MaxWidth)), FontSize,
                group.Key ? Rgb.Black : Rgb.White);
            canvas.Mutate(c => c.DrawImage(text, new Point(0, 0), 1f));
        }

        return canvas.ToByteImage();
    }

    private static void Fill(Image<Rgb24> canvas, int left, int top, int width, int height, Rgb color)
    {
        var pixel = new Rgb24(color.R, color.G, color.B);
        int right = Math.Min(canvas.Width, left + width), bottom = Math.Min(canvas.Height, top + height);
        canvas.ProcessPixelRows(rows =>
        {
            for (int y = Math.Max(0, top); y < bottom; y++)
            {
                rows.GetRowSpan(y)[Math.Max(0, left)..Math.Max(Math.Max(0, left), right)].Fill(pixel);
            }
        });
    }

    private (int Left, int Top, int Right, int Bottom) Corners(double x1, double y1, double x2, double y2)
    {
        int width = image.Width * Scale, height = image.Height * Scale;
        int Scaled(double value, int limit) => Math.Clamp((int)Math.Round(value * Scale), 0, limit);
        int left = Scaled(x1, width - LineWidth), top = Scaled(y1, height - LineWidth);
        return (left, top, Math.Max(Scaled(x2, width), left + LineWidth), Math.Max(Scaled(y2, height), top + LineWidth));
    }
}
