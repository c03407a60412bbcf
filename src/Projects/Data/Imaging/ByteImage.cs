namespace IlgpuNet.Data.Imaging;

/// <summary>An 8-bit image, rows top to bottom, channels interleaved (HWC): 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
public sealed class ByteImage
{
    public ByteImage(int width, int height, int channels, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size must be positive, got {width}x{height}");
        }

        if (channels is not (1 or 2 or 3 or 4))
        {
            throw new ArgumentException($"image channels must be 1..4, got {channels}");
        }

        long length = (long)width * height * channels;
        if (pixels != null && pixels.LongLength != length)
        {
            throw new ArgumentException($"{width}x{height}x{channels} image needs {length} bytes, got {pixels.LongLength}");
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels ?? new byte[length];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public byte[] Pixels { get; }

    public ref byte At(int x, int y, int channel) => ref Pixels[((long)y * Width + x) * Channels + channel];

    private bool HasColour => Channels >= 3;

    private bool HasAlpha => Channels is 2 or 4;

    /// <summary>A 1-channel copy: ITU-R 601-2 luma for colour (PIL's convert("L") arithmetic), alpha dropped.</summary>
    public ByteImage ToGray()
    {
        var gray = new ByteImage(Width, Height, 1);
        var source = Pixels.AsSpan();
        var destination = gray.Pixels.AsSpan();
        for (int i = 0; i < destination.Length; i++)
        {
            var pixel = source.Slice(i * Channels, Channels);
            destination[i] = HasColour ? Luma(pixel[0], pixel[1], pixel[2]) : pixel[0];
        }

        return gray;
    }

    /// <summary>A 3-channel copy: gray is repeated into R, G and B, alpha is dropped (not composited).</summary>
    public ByteImage ToRgb()
    {
        var rgb = new ByteImage(Width, Height, 3);
        var source = Pixels.AsSpan();
        var destination = rgb.Pixels.AsSpan();
        for (int i = 0; i < Width * Height; i++)
        {
            var pixel = source.Slice(i * Channels, Channels);
            for (int c = 0; c < 3; c++)
            {
                destination[(i * 3) + c] = HasColour ? pixel[c] : pixel[0];
            }
        }

        return rgb;
    }

    /// <summary>RGB of this image laid over an opaque background colour by its alpha (a copy of <see cref="ToRgb"/> when there is no alpha).</summary>
    public ByteImage CompositeOver(byte red, byte green, byte blue)
    {
        var rgb = ToRgb();
        if (!HasAlpha)
        {
            return rgb;
        }

        ReadOnlySpan<byte> background = [red, green, blue];
        var source = Pixels.AsSpan();
        var destination = rgb.Pixels.AsSpan();
        for (int i = 0; i < Width * Height; i++)
        {
            int alpha = source[(i * Channels) + Channels - 1];
            for (int c = 0; c < 3; c++)
            {
                int blended = (destination[(i * 3) + c] * alpha) + (background[c] * (255 - alpha));
                destination[(i * 3) + c] = (byte)((blended + 127) / 255);
            }
        }

        return rgb;
    }

    private static byte Luma(byte red, byte green, byte blue) => (byte)(((red * 19595) + (green * 38470) + (blue * 7471) + 0x8000) >> 16);
}
