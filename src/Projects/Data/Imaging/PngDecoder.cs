using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Reads PNG files: every bit depth (1/2/4/8/16) and colour type, all five filters, Adam7 interlacing,
/// several IDAT chunks; every chunk CRC is checked. Ancillary chunks other than tRNS are skipped
/// (so the first frame of an APNG reads as a still image).
/// </summary>
/// <remarks>
/// Output channels: gray → 1, gray+alpha → 2, RGB → 3, RGBA → 4, palette → 3; a tRNS chunk adds an alpha
/// channel (gray → 2, RGB/palette → 4). Samples below 8 bits are scaled to 0..255 (v * 255 / (2^depth - 1)).
/// <see cref="Decode"/> gives 8 bits per sample; 16-bit files keep their high byte, as PIL's convert does.
/// <see cref="Decode16"/> gives 16 bits per sample; files of 8 bits or less are widened exactly by v * 257.
/// Palette indices beyond the PLTE entries read as opaque black, as in PIL.
/// </remarks>
public static class PngDecoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private static readonly Pass[] Adam7 =
    [
        new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4), new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2),
    ];

    private static readonly Pass[] WholeImage = [new(0, 0, 1, 1)];

    private delegate void RowExpander<TSample>(ReadOnlySpan<byte> row, Span<TSample> destination, int width);

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static ByteImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    public static UShortImage Read16(string path) => Decode16(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>")
    {
        var png = Parse(data, source);
        return png.Header.BitDepth == 16 ? DecodeWide(png, source).ToByteImage() : DecodeNarrow(png, source);
    }

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static UShortImage Decode16(ReadOnlySpan<byte> data, string source = "<memory>")
    {
        var png = Parse(data, source);
        return png.Header.BitDepth == 16 ? DecodeWide(png, source) : UShortImage.FromByteImage(DecodeNarrow(png, source));
    }

    private static ParsedPng Parse(ReadOnlySpan<byte> data, string source)
    {
        if (!HasSignature(data))
        {
            throw ImageDataException.Create(source, "not a PNG file (bad signature)");
        }

        Header? header = null;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var imageData = new MemoryStream();
        int offset = Signature.Length;
        while (true)
        {
            if (data.Length - offset < 12)
            {
                throw ImageDataException.Create(source, $"truncated PNG: file ends at byte {data.Length} before the IEND chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            var typeBytes = data.Slice(offset + 4, 4);
            string type = Encoding.ASCII.GetString(typeBytes);
            if (length > int.MaxValue || data.Length - offset - 12 < length)
            {
                throw ImageDataException.Create(
                    source, $"truncated {type} chunk at byte {offset}: it declares {length} bytes, the file has {Math.Max(0, data.Length - offset - 12)}");
            }

            var body = data.Slice(offset + 8, (int)length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + (int)length)..]);
            if (Crc32.Compute(data.Slice(offset + 4, 4 + (int)length)) != storedCrc)
            {
                throw ImageDataException.Create(source, $"bad CRC in {type} chunk at byte {offset}");
            }

            if (header == null && type != "IHDR")
            {
                throw ImageDataException.Create(source, $"first chunk is {type}, expected IHDR");
            }

            offset += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    header = ParseHeader(body, source);
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length > 768)
                    {
                        throw ImageDataException.Create(source, $"PLTE chunk of {length} bytes is not 1..256 RGB entries");
                    }

                    palette = body.ToArray();
                    break;
                case "tRNS":
                    transparency = body.ToArray();
                    break;
                case "IDAT":
                    imageData.Write(body);
                    break;
                case "IEND":
                    return Validate(new ParsedPng(header!, palette, transparency, imageData.ToArray()), source);
                default:
                    if ((typeBytes[0] & 0x20) == 0)
                    {
                        throw ImageDataException.Create(source, $"unknown critical chunk {type}");
                    }

                    break; // ancillary: safe to skip
            }
        }
    }

    private static Header ParseHeader(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length != 13)
        {
            throw ImageDataException.Create(source, $"IHDR chunk has {body.Length} bytes, expected 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8];
        int colorType = body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw ImageDataException.Create(source, $"bad image size {width}x{height}");
        }

        bool depthAllowed = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => throw ImageDataException.Create(source, $"bad colour type {colorType}"),
        };
        if (!depthAllowed)
        {
            throw ImageDataException.Create(source, $"bit depth {depth} is not allowed for colour type {colorType}");
        }

        if (body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw ImageDataException.Create(source, $"unsupported compression/filter/interlace method {body[10]}/{body[11]}/{body[12]}");
        }

        return new Header((int)width, (int)height, depth, colorType, body[12] == 1);
    }

    private static ParsedPng Validate(ParsedPng png, string source)
    {
        if (png.ImageData.Length == 0)
        {
            throw ImageDataException.Create(source, "no IDAT chunk");
        }

        if (png.Header.ColorType == 3 && png.Palette == null)
        {
            throw ImageDataException.Create(source, "palette image without a PLTE chunk");
        }

        int channels = OutputChannels(png);
        if ((long)png.Header.Width * png.Header.Height * channels > Array.MaxLength)
        {
            throw ImageDataException.Create(source, $"image of {png.Header.Width}x{png.Header.Height} is too large");
        }

        return png;
    }

    private static int OutputChannels(ParsedPng png)
    {
        bool keyedAlpha = png.Transparency != null;
        return png.Header.ColorType switch
        {
            0 => keyedAlpha ? 2 : 1,
            2 or 3 => keyedAlpha ? 4 : 3,
            4 => 2,
            _ => 4,
        };
    }

    private static ByteImage DecodeNarrow(ParsedPng png, string source)
    {
        var header = png.Header;
        int channels = OutputChannels(png);
        RowExpander<byte> expand;
        if (header.ColorType is 0 or 3)
        {
            var lookup = header.ColorType == 0 ? GrayLookup(header.BitDepth, png.Transparency, channels) : PaletteLookup(png.Palette!, png.Transparency, channels);
            int depth = header.BitDepth;
            expand = (row, destination, width) => ExpandIndexed(row, destination, width, depth, lookup, channels);
        }
        else if (header.ColorType == 2 && png.Transparency != null)
        {
            var key = ColourKey(png.Transparency, 3, source);
            expand = (row, destination, width) => ExpandKeyedRgb(row, destination, width, key);
        }
        else
        {
            expand = (row, destination, width) => row[..(width * channels)].CopyTo(destination);
        }

        return new ByteImage(header.Width, header.Height, channels, DecodeSamples(png, channels, expand, source));
    }

    private static UShortImage DecodeWide(ParsedPng png, string source)
    {
        int samplesPerPixel = png.Header.SamplesPerPixel;
        int channels = OutputChannels(png);
        ushort[]? key = channels > samplesPerPixel ? ColourKey(png.Transparency!, samplesPerPixel, source) : null;
        return new UShortImage(
            png.Header.Width,
            png.Header.Height,
            channels,
            DecodeSamples<ushort>(png, channels, (row, destination, width) => ExpandWide(row, destination, width, samplesPerPixel, key), source));
    }

    private static TSample[] DecodeSamples<TSample>(ParsedPng png, int channels, RowExpander<TSample> expand, string source)
    {
        var header = png.Header;
        var passes = header.Interlaced ? Adam7 : WholeImage;
        var raw = Inflate(png, passes, source);
        var image = new TSample[(long)header.Width * header.Height * channels];
        var passRow = header.Interlaced ? new TSample[header.Width * channels] : null;
        var zeroRow = new byte[header.RowBytes(header.Width)];
        int filterStride = Math.Max(1, header.BitsPerPixel / 8);
        int position = 0;
        foreach (var pass in passes)
        {
            var (passWidth, passHeight) = pass.Size(header.Width, header.Height);
            if (passWidth == 0 || passHeight == 0)
            {
                continue; // empty passes have no filter bytes at all
            }

            int rowBytes = header.RowBytes(passWidth);
            for (int y = 0; y < passHeight; y++)
            {
                var row = raw.AsSpan(position + 1, rowBytes);
                var prior = y == 0 ? zeroRow.AsSpan(0, rowBytes) : raw.AsSpan(position - rowBytes, rowBytes);
                Unfilter(raw[position], row, prior, filterStride, source);
                if (passRow == null)
                {
                    expand(row, image.AsSpan(y * header.Width * channels, header.Width * channels), passWidth);
                }
                else
                {
                    expand(row, passRow, passWidth);
                    int imageY = pass.Y0 + (y * pass.Dy);
                    for (int i = 0; i < passWidth; i++)
                    {
                        passRow.AsSpan(i * channels, channels).CopyTo(image.AsSpan((((imageY * header.Width) + pass.X0 + (i * pass.Dx)) * channels), channels));
                    }
                }

                position += rowBytes + 1;
            }
        }

        return image;
    }

    private static byte[] Inflate(ParsedPng png, Pass[] passes, string source)
    {
        long expected = 0;
        foreach (var pass in passes)
        {
            var (passWidth, passHeight) = pass.Size(png.Header.Width, png.Header.Height);
            if (passWidth > 0)
            {
                expected += (long)passHeight * (1 + png.Header.RowBytes(passWidth));
            }
        }

        if (expected > Array.MaxLength)
        {
            throw ImageDataException.Create(source, $"image of {png.Header.Width}x{png.Header.Height} is too large");
        }

        var raw = new byte[expected];
        int read;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(png.ImageData, writable: false), CompressionMode.Decompress);
            read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw ImageDataException.Create(source, $"corrupt IDAT data: {e.Message}", e);
        }

        if (read < raw.Length)
        {
            throw ImageDataException.Create(source, $"truncated IDAT data: inflates to {read} of the {expected} bytes the image needs");
        }

        return raw;
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> prior, int stride, string source)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1: // Sub
                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }

                break;
            case 2: // Up
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                break;
            case 3: // Average
                for (int i = 0; i < stride; i++)
                {
                    row[i] += (byte)(prior[i] >> 1);
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - stride] + prior[i]) >> 1);
                }

                break;
            case 4: // Paeth; with no left neighbour the predictor is the byte above
                for (int i = 0; i < stride; i++)
                {
                    row[i] += prior[i];
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += Paeth(row[i - stride], prior[i], prior[i - stride]);
                }

                break;
            default:
                throw ImageDataException.Create(source, $"bad filter type {filter} in image data");
        }
    }

    private static byte Paeth(byte left, byte above, byte upperLeft)
    {
        int estimate = left + above - upperLeft;
        int distanceLeft = Math.Abs(estimate - left);
        int distanceAbove = Math.Abs(estimate - above);
        int distanceUpperLeft = Math.Abs(estimate - upperLeft);
        if (distanceLeft <= distanceAbove && distanceLeft <= distanceUpperLeft)
        {
            return left;
        }

        return distanceAbove <= distanceUpperLeft ? above : upperLeft;
    }

    /// <summary>Gray levels (and the tRNS key's alpha) per possible sample value, so gray and palette rows expand alike.</summary>
    private static byte[] GrayLookup(int depth, byte[]? transparency, int channels)
    {
        int maximum = (1 << depth) - 1;
        int key = transparency is { Length: >= 2 } ? BinaryPrimitives.ReadUInt16BigEndian(transparency) : -1;
        var lookup = new byte[256 * channels];
        for (int value = 0; value <= maximum; value++)
        {
            lookup[value * channels] = (byte)(value * 255 / maximum);
            if (channels == 2)
            {
                lookup[(value * channels) + 1] = value == key ? (byte)0 : (byte)255;
            }
        }

        return lookup;
    }

    private static byte[] PaletteLookup(byte[] palette, byte[]? transparency, int channels)
    {
        var lookup = new byte[256 * channels];
        for (int index = 0; index < 256; index++)
        {
            if (index * 3 < palette.Length)
            {
                palette.AsSpan(index * 3, 3).CopyTo(lookup.AsSpan(index * channels));
            }

            if (channels == 4)
            {
                lookup[(index * channels) + 3] = transparency != null && index < transparency.Length ? transparency[index] : (byte)255;
            }
        }

        return lookup;
    }

    private static ushort[] ColourKey(byte[] transparency, int samples, string source)
    {
        if (transparency.Length < samples * 2)
        {
            throw ImageDataException.Create(source, $"tRNS chunk of {transparency.Length} bytes is too short for its colour type");
        }

        var key = new ushort[samples];
        for (int i = 0; i < samples; i++)
        {
            key[i] = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(i * 2));
        }

        return key;
    }

    private static void ExpandIndexed(ReadOnlySpan<byte> row, Span<byte> destination, int width, int depth, byte[] lookup, int channels)
    {
        int mask = (1 << depth) - 1;
        for (int x = 0; x < width; x++)
        {
            int bit = x * depth;
            int value = (row[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
            lookup.AsSpan(value * channels, channels).CopyTo(destination[(x * channels)..]);
        }
    }

    private static void ExpandKeyedRgb(ReadOnlySpan<byte> row, Span<byte> destination, int width, ushort[] key)
    {
        for (int x = 0; x < width; x++)
        {
            byte red = row[x * 3], green = row[(x * 3) + 1], blue = row[(x * 3) + 2];
            destination[x * 4] = red;
            destination[(x * 4) + 1] = green;
            destination[(x * 4) + 2] = blue;
            destination[(x * 4) + 3] = red == key[0] && green == key[1] && blue == key[2] ? (byte)0 : (byte)255;
        }
    }

    private static void ExpandWide(ReadOnlySpan<byte> row, Span<ushort> destination, int width, int samplesPerPixel, ushort[]? key)
    {
        int channels = key == null ? samplesPerPixel : samplesPerPixel + 1;
        for (int x = 0; x < width; x++)
        {
            bool matchesKey = key != null;
            for (int s = 0; s < samplesPerPixel; s++)
            {
                ushort sample = BinaryPrimitives.ReadUInt16BigEndian(row[(((x * samplesPerPixel) + s) * 2)..]);
                destination[(x * channels) + s] = sample;
                matchesKey &= key != null && sample == key[s];
            }

            if (key != null)
            {
                destination[(x * channels) + samplesPerPixel] = matchesKey ? (ushort)0 : ushort.MaxValue;
            }
        }
    }

    private sealed record Header(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
    {
        public int SamplesPerPixel => ColorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };

        public int BitsPerPixel => SamplesPerPixel * BitDepth;

        public int RowBytes(int width) => (int)((((long)width * BitsPerPixel) + 7) / 8);
    }

    private sealed record ParsedPng(Header Header, byte[]? Palette, byte[]? Transparency, byte[] ImageData);

    private readonly record struct Pass(int X0, int Y0, int Dx, int Dy)
    {
        public (int Width, int Height) Size(int imageWidth, int imageHeight) =>
            (imageWidth > X0 ? (imageWidth - X0 + Dx - 1) / Dx : 0, imageHeight > Y0 ? (imageHeight - Y0 + Dy - 1) / Dy : 0);
    }
}
