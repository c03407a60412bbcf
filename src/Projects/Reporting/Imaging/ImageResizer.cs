using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>Scales a ByteImage to a given size, keeping its channel count.</summary>
public static class ImageResizer
{
    public static ByteImage Resize(ByteImage source, int width, int height, Resampling resampling)
    {
        if (width == source.Width && height == source.Height)
        {
            return source;
        }

        var result = new ByteImage(width, height, source.Channels);
        double scaleX = source.Width / (double)width;
        double scaleY = source.Height / (double)height;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < source.Channels; c++)
                {
                    result.At(x, y, c) = resampling == Resampling.Nearest
                        ? source.At(Math.Min((int)((x + 0.5) * scaleX), source.Width - 1), Math.Min((int)((y + 0.5) * scaleY), source.Height - 1), c)
                        : Bilinear(source, ((x + 0.5) * scaleX) - 0.5, ((y + 0.5) * scaleY) - 0.5, c);
                }
            }
        }

        return result;
    }

    private static byte Bilinear(ByteImage source, double sx, double sy, int channel)
    {
        sx = Math.Clamp(sx, 0, source.Width - 1);
        sy = Math.Clamp(sy, 0, source.Height - 1);
        int x0 = (int)sx, y0 = (int)sy;
        int x1 = Math.Min(x0 + 1, source.Width - 1), y1 = Math.Min(y0 + 1, source.Height - 1);
        double fx = sx - x0, fy = sy - y0;
        double top = (source.At(x0, y0, channel) * (1 - fx)) + (source.At(x1, y0, channel) * fx);
        double bottom = (source.At(x0, y1, channel) * (1 - fx)) + (source.At(x1, y1, channel) * fx);
        return (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
    }
}
