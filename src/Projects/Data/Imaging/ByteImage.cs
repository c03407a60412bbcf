namespace IlgpuNet.Data.Imaging;

/// <summary>An 8-bit image, rows top to bottom, channels interleaved (HWC): 1 gray, 3 RGB, 4 RGBA.</summary>
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
}
