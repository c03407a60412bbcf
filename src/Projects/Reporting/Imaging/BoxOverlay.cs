using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>
/// Labelled boxes drawn over an image, as detection results are shown: a coloured outline per box and its label (class
/// and score) in the built-in 5×7 font on a strip of the box's colour above it (inside the box when there is no room
/// above). The image can be enlarged first (nearest neighbour) so that outlines and text stay thin against its content.
/// Coordinates are in the original image's pixels, (x1, y1) the top-left corner; the result is RGB.
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

    /// <summary>Size of each font pixel in output pixels.</summary>
    public int TextScale { get; set; } = 1;

    public int Count => boxes.Count;

    public BoxOverlay Add(double x1, double y1, double x2, double y2, string label, Rgb color)
    {
        boxes.Add((x1, y1, x2, y2, label, color));
        return this;
    }

    public ByteImage Render()
    {
        var canvas = new RgbCanvas(image.Width * Scale, image.Height * Scale, Rgb.Black);
        canvas.Draw(Scale == 1 ? image : ImageResizer.Resize(image, image.Width * Scale, image.Height * Scale, Resampling.Nearest), 0, 0);
        foreach (var (x1, y1, x2, y2, _, color) in boxes)
        {
            var (left, top, right, bottom) = Corners(x1, y1, x2, y2);
            canvas.Fill(left, top, right - left, LineWidth, color);
            canvas.Fill(left, bottom - LineWidth, right - left, LineWidth, color);
            canvas.Fill(left, top, LineWidth, bottom - top, color);
            canvas.Fill(right - LineWidth, top, LineWidth, bottom - top, color);
        }

        // labels after every outline, so no outline crosses a label
        int stripHeight = (BitmapFont.GlyphHeight + 2) * TextScale;
        foreach (var (x1, y1, x2, y2, label, color) in boxes.Where(b => b.Label.Length > 0))
        {
            var (left, top, _, _) = Corners(x1, y1, x2, y2);
            int width = BitmapFont.Measure(label, TextScale) + 2 * TextScale;
            int stripTop = top - stripHeight >= 0 ? top - stripHeight : top;
            int stripLeft = Math.Clamp(left, 0, Math.Max(0, canvas.Image.Width - width));
            canvas.Fill(stripLeft, stripTop, width, stripHeight, color);
            BitmapFont.Draw(canvas, label, stripLeft + TextScale, stripTop + TextScale, TextScale, color.Luminance > 0.5 ? Rgb.Black : Rgb.White);
        }

        return canvas.Image;
    }

    private (int Left, int Top, int Right, int Bottom) Corners(double x1, double y1, double x2, double y2)
    {
        int width = image.Width * Scale, height = image.Height * Scale;
        int Scaled(double value, int limit) => Math.Clamp((int)Math.Round(value * Scale), 0, limit);
        int left = Scaled(x1, width - LineWidth), top = Scaled(y1, height - LineWidth);
        return (left, top, Math.Max(Scaled(x2, width), left + LineWidth), Math.Max(Scaled(y2, height), top + LineWidth));
    }
}
