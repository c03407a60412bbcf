namespace IlgpuNet.Data.Imaging;

/// <summary>A 16-bit image (e.g. from a 16-bit PNG), rows top to bottom, channels interleaved (HWC): 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
public sealed class UShortImage
{
    public UShortImage(int width, int height, int channels, ushort[]? samples = null)
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
        if (samples != null && samples.LongLength != length)
        {
            throw new ArgumentException($"{width}x{height}x{channels} image needs {length} samples, got {samples.LongLength}");
        }

        Width = width;
        Height = height;
        Channels = channels;
        Samples = samples ?? new ushort[length];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public ushort[] Samples { get; }

    public ref ushort At(int x, int y, int channel) => ref Samples[((long)y * Width + x) * Channels + channel];

    /// <summary>Widens 8-bit samples exactly (v * 257 maps 0..255 onto 0..65535).</summary>
    public static UShortImage FromByteImage(ByteImage image)
    {
        var samples = new ushort[image.Pixels.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)(image.Pixels[i] * 257);
        }

        return new UShortImage(image.Width, image.Height, image.Channels, samples);
    }

    /// <summary>Keeps the high byte of each sample, as PIL does when it converts a 16-bit image to 8 bits.</summary>
    public ByteImage ToByteImage()
    {
        var pixels = new byte[Samples.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(Samples[i] >> 8);
        }

        return new ByteImage(Width, Height, Channels, pixels);
    }
}
