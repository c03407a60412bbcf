using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data;

/// <summary>
/// A planar float image: channels, then rows top to bottom, then columns (CHW), the layout a tensor batch takes.
/// Values are whatever the caller keeps in it; conversions from <see cref="ByteImage"/> give [0, 1].
/// </summary>
public sealed class FloatImage
{
    public FloatImage(int channels, int height, int width, float[]? data = null)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new ArgumentException($"image shape must be positive, got {channels}x{height}x{width}");
        }

        long length = (long)channels * height * width;
        if (data != null && data.LongLength != length)
        {
            throw new ArgumentException($"{channels}x{height}x{width} image needs {length} floats, got {data.LongLength}");
        }

        Channels = channels;
        Height = height;
        Width = width;
        Data = data ?? new float[length];
    }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>CHW values: element (c, y, x) is at (c * Height + y) * Width + x.</summary>
    public float[] Data { get; }

    public int PlaneSize => Height * Width;

    public ref float At(int channel, int y, int x) => ref Data[((long)channel * Height + y) * Width + x];

    public Span<float> Plane(int channel) => Data.AsSpan(channel * PlaneSize, PlaneSize);

    public Span<float> Row(int channel, int y) => Data.AsSpan((channel * Height + y) * Width, Width);

    public FloatImage Clone() => new(Channels, Height, Width, (float[])Data.Clone());

    /// <summary>Bytes to [0, 1] (divided by 255), HWC to CHW, as torchvision's ToTensor.</summary>
    public static FloatImage FromBytes(ByteImage image)
    {
        var result = new FloatImage(image.Channels, image.Height, image.Width);
        int channels = image.Channels, plane = result.PlaneSize;
        var pixels = image.Pixels;
        var data = result.Data;
        for (int c = 0; c < channels; c++)
        {
            var destination = data.AsSpan(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                destination[i] = pixels[i * channels + c] / 255f; // a true division, as torch does: bit-identical tensors
            }
        }

        return result;
    }

    /// <summary>
    /// Back to bytes: value * <paramref name="scale"/>, clamped to [0, 255], rounded half away from zero
    /// (MATLAB's im2uint8). Use scale 255 for [0, 1] images, 1 for [0, 255] images. At most 4 channels.
    /// </summary>
    public ByteImage ToBytes(float scale = 255f)
    {
        if (Channels > 4)
        {
            throw new InvalidOperationException($"a ByteImage holds 1..4 channels, this image has {Channels}");
        }

        var result = new ByteImage(Width, Height, Channels);
        int plane = PlaneSize;
        var pixels = result.Pixels;
        for (int c = 0; c < Channels; c++)
        {
            var source = Data.AsSpan(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                pixels[i * Channels + c] = ToByte(source[i] * scale);
            }
        }

        return result;
    }

    /// <summary>Clamp to [0, 255] and round half away from zero; NaN becomes 0.</summary>
    public static byte ToByte(double value)
    {
        if (!(value > 0))
        {
            return 0;
        }

        return value >= 255 ? (byte)255 : (byte)Math.Floor(value + 0.5);
    }

    /// <summary>The rectangle at (<paramref name="top"/>, <paramref name="left"/>) of the given size; it must lie inside the image.</summary>
    public FloatImage Crop(int top, int left, int height, int width)
    {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > Height || left + width > Width)
        {
            throw new ArgumentOutOfRangeException(
                nameof(top), $"crop {height}x{width} at ({top}, {left}) does not fit in a {Height}x{Width} image");
        }

        var result = new FloatImage(Channels, height, width);
        for (int c = 0; c < Channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                Data.AsSpan(((c * Height) + top + y) * Width + left, width).CopyTo(result.Row(c, y));
            }
        }

        return result;
    }

    /// <summary>Mirror left-right.</summary>
    public FloatImage FlipHorizontal()
    {
        var result = new FloatImage(Channels, Height, Width);
        for (int c = 0; c < Channels; c++)
        {
            for (int y = 0; y < Height; y++)
            {
                var row = result.Row(c, y);
                Row(c, y).CopyTo(row);
                row.Reverse();
            }
        }

        return result;
    }

    /// <summary>A new image of the given channels (e.g. [0, 1, 2] drops alpha from RGBA).</summary>
    public FloatImage SelectChannels(params int[] channels)
    {
        var result = new FloatImage(channels.Length, Height, Width);
        for (int i = 0; i < channels.Length; i++)
        {
            Plane(channels[i]).CopyTo(result.Plane(i));
        }

        return result;
    }
}
