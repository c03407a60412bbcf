namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Reads binary Netpbm images: PGM (P5, 1 channel) and PPM (P6, RGB), maxval up to 255, '#' comments in the
/// header. Samples are scaled to 0..255 when maxval is below 255.
/// </summary>
public static class PnmDecoder
{
    public static ByteImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>")
    {
        if (data.Length < 2 || data[0] != 'P' || data[1] is not ((byte)'5' or (byte)'6'))
        {
            throw ImageDataException.Create(source, "not a binary PGM/PPM file (expected P5 or P6)");
        }

        int channels = data[1] == '5' ? 1 : 3;
        int position = 2;
        int width = ReadHeaderNumber(data, ref position, "width", source);
        int height = ReadHeaderNumber(data, ref position, "height", source);
        int maximum = ReadHeaderNumber(data, ref position, "maxval", source);
        if (width == 0 || height == 0 || (long)width * height * channels > Array.MaxLength)
        {
            throw ImageDataException.Create(source, $"bad PGM/PPM size {width}x{height}");
        }

        if (maximum is 0 or > 255)
        {
            throw ImageDataException.Create(source, $"unsupported PGM/PPM maxval {maximum} (only 1..255: 8-bit samples)");
        }

        position++; // exactly one whitespace byte separates the header from the samples
        int length = width * height * channels;
        if (data.Length - position < length)
        {
            throw ImageDataException.Create(source, $"truncated PGM/PPM samples: needs {length} bytes, the file has {Math.Max(0, data.Length - position)}");
        }

        var pixels = data.Slice(position, length).ToArray();
        if (maximum != 255)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)((Math.Min(pixels[i], maximum) * 255 + (maximum / 2)) / maximum);
            }
        }

        return new ByteImage(width, height, channels, pixels);
    }

    private static int ReadHeaderNumber(ReadOnlySpan<byte> data, ref int position, string field, string source)
    {
        while (position < data.Length && (IsWhitespace(data[position]) || data[position] == '#'))
        {
            if (data[position] == '#')
            {
                while (position < data.Length && data[position] != '\n' && data[position] != '\r')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        long value = 0;
        int start = position;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
        {
            value = (value * 10) + (data[position] - '0');
            position++;
        }

        if (position == start || value > int.MaxValue)
        {
            throw ImageDataException.Create(source, position >= data.Length ? $"truncated PGM/PPM header before the {field}" : $"bad PGM/PPM header: expected the {field} at byte {start}");
        }

        if (position >= data.Length || !IsWhitespace(data[position]))
        {
            throw ImageDataException.Create(source, $"bad PGM/PPM header: the {field} is not followed by whitespace");
        }

        return (int)value;
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
