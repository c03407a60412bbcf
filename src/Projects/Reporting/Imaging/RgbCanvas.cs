using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>An RGB ByteImage being painted: filled rectangles and images blended over the background (alpha respected), clipped to the canvas.</summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, Rgb background)
    {
        Image = new ByteImage(width, height, 3);
        Fill(0, 0, width, height, background);
    }

    public ByteImage Image { get; }

    public void Fill(int x, int y, int width, int height, Rgb color)
    {
        int x0 = Math.Max(x, 0), y0 = Math.Max(y, 0);
        int x1 = Math.Min(x + width, Image.Width), y1 = Math.Min(y + height, Image.Height);
        for (int py = y0; py < y1; py++)
        {
            for (int px = x0; px < x1; px++)
            {
                Image.At(px, py, 0) = color.R;
                Image.At(px, py, 1) = color.G;
                Image.At(px, py, 2) = color.B;
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> (1 to 4 channels) with its top-left corner at (x, y); gray is spread to RGB, alpha is blended over what is there.</summary>
    public void Draw(ByteImage source, int x, int y)
    {
        bool hasAlpha = source.Channels is 2 or 4;
        int colorChannels = source.Channels >= 3 ? 3 : 1;
        for (int sy = 0; sy < source.Height; sy++)
        {
            int py = y + sy;
            if (py < 0 || py >= Image.Height)
            {
                continue;
            }

            for (int sx = 0; sx < source.Width; sx++)
            {
                int px = x + sx;
                if (px < 0 || px >= Image.Width)
                {
                    continue;
                }

                int alpha = hasAlpha ? source.At(sx, sy, source.Channels - 1) : 255;
                for (int c = 0; c < 3; c++)
                {
                    int value = source.At(sx, sy, colorChannels == 3 ? c : 0);
                    ref byte target = ref Image.At(px, py, c);
                    target = (byte)(((value * alpha) + (target * (255 - alpha)) + 127) / 255);
                }
            }
        }
    }
}
