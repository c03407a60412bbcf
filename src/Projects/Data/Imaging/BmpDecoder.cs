using System.Buffers.Binary;
using System.Numerics;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Reads uncompressed Windows BMPs, bottom-up or top-down: 1/4/8-bit palette, 24-bit, and 32-bit
/// (BI_RGB or BI_BITFIELDS). Output as PIL gives it: a palette of grays → 1 channel, other palettes and
/// 24-bit → RGB, 32-bit BI_RGB → RGB (the fourth byte is padding), 32-bit bit fields with an alpha mask → RGBA.
/// </summary>
public static class BmpDecoder
{
    private const int FileHeaderSize = 14;
    private const int CompressionNone = 0; // BI_RGB
    private const int CompressionBitFields = 3; // BI_BITFIELDS

    public static ByteImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>")
    {
        if (data.Length < 2 || data[0] != 'B' || data[1] != 'M')
        {
            throw ImageDataException.Create(source, "not a BMP file (no 'BM' signature)");
        }

        if (data.Length < FileHeaderSize + 16)
        {
            throw ImageDataException.Create(source, $"truncated BMP header: the file has {data.Length} bytes");
        }

        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(data[14..]);
        var info = data[FileHeaderSize..];
        if (headerSize < 40 || info.Length < headerSize)
        {
            throw ImageDataException.Create(source, headerSize < 40 ? $"unsupported BMP header of {headerSize} bytes (OS/2 bitmaps are not read)" : "truncated BMP header");
        }

        int width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
        int signedHeight = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
        int compression = BinaryPrimitives.ReadInt32LittleEndian(info[16..]);
        uint coloursUsed = BinaryPrimitives.ReadUInt32LittleEndian(info[32..]);
        bool topDown = signedHeight < 0; // a negative height stores the top row first
        int height = Math.Abs(signedHeight);
        if (width <= 0 || height <= 0 || signedHeight == int.MinValue || (long)width * height * 4 > Array.MaxLength)
        {
            throw ImageDataException.Create(source, $"bad BMP size {width}x{signedHeight}");
        }

        bool supported = bitsPerPixel switch
        {
            1 or 4 or 8 or 24 => compression == CompressionNone,
            32 => compression is CompressionNone or CompressionBitFields,
            _ => false,
        };
        if (!supported)
        {
            throw ImageDataException.Create(source, $"unsupported BMP: {bitsPerPixel} bits per pixel with compression {compression} (RLE and 16-bit are not read)");
        }

        long stride = (((long)width * bitsPerPixel) + 31) / 32 * 4; // rows are padded to 4 bytes
        if (pixelOffset + (stride * height) > data.Length)
        {
            throw ImageDataException.Create(source, $"truncated BMP pixel data: needs {pixelOffset + (stride * height)} bytes, the file has {data.Length}");
        }

        var pixels = data.Slice((int)pixelOffset, (int)(stride * height));
        var tables = data[(FileHeaderSize + headerSize)..];
        ByteImage image;
        if (bitsPerPixel <= 8)
        {
            image = DecodeIndexed(pixels, tables, width, height, bitsPerPixel, coloursUsed, source);
        }
        else if (bitsPerPixel == 32 && compression == CompressionBitFields)
        {
            // A 40-byte header keeps the masks after it; V4/V5 headers hold them (alpha too) inside.
            var masks = headerSize == 40 ? tables : info[40..];
            if (masks.Length < 12)
            {
                throw ImageDataException.Create(source, "truncated BMP bit field masks");
            }

            uint alphaMask = headerSize >= 56 ? BinaryPrimitives.ReadUInt32LittleEndian(info[52..]) : 0;
            uint[] channelMasks = [.. ReadMasks(masks), .. alphaMask != 0 ? new[] { alphaMask } : []];
            image = DecodeBitFields(pixels, width, height, channelMasks);
        }
        else
        {
            image = DecodeBgr(pixels, width, height, bitsPerPixel / 8);
        }

        return topDown ? image : FlipRows(image);
    }

    private static uint[] ReadMasks(ReadOnlySpan<byte> masks) =>
        [BinaryPrimitives.ReadUInt32LittleEndian(masks), BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]), BinaryPrimitives.ReadUInt32LittleEndian(masks[8..])];

    private static ByteImage DecodeIndexed(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> table, int width, int height, int bitsPerPixel, uint coloursUsed, string source)
    {
        long entries = coloursUsed == 0 ? 1 << bitsPerPixel : Math.Min(coloursUsed, 1u << bitsPerPixel);
        if (table.Length < entries * 4)
        {
            throw ImageDataException.Create(source, $"truncated BMP palette: {entries} entries need {entries * 4} bytes");
        }

        bool gray = true;
        var palette = new byte[256 * 3]; // indices past the table read as black
        for (int i = 0; i < entries; i++)
        {
            palette[i * 3] = table[(i * 4) + 2];
            palette[(i * 3) + 1] = table[(i * 4) + 1];
            palette[(i * 3) + 2] = table[i * 4];
            gray &= table[i * 4] == table[(i * 4) + 1] && table[i * 4] == table[(i * 4) + 2];
        }

        int channels = gray ? 1 : 3;
        int stride = pixels.Length / height;
        int mask = (1 << bitsPerPixel) - 1;
        var image = new ByteImage(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, stride);
            var destination = image.Pixels.AsSpan(y * width * channels, width * channels);
            for (int x = 0; x < width; x++)
            {
                int bit = x * bitsPerPixel;
                int index = (row[bit >> 3] >> (8 - bitsPerPixel - (bit & 7))) & mask;
                palette.AsSpan(index * 3, channels).CopyTo(destination[(x * channels)..]);
            }
        }

        return image;
    }

    private static ByteImage DecodeBgr(ReadOnlySpan<byte> pixels, int width, int height, int bytesPerPixel)
    {
        int stride = pixels.Length / height;
        var image = new ByteImage(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, stride);
            var destination = image.Pixels.AsSpan(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                destination[x * 3] = row[(x * bytesPerPixel) + 2];
                destination[(x * 3) + 1] = row[(x * bytesPerPixel) + 1];
                destination[(x * 3) + 2] = row[x * bytesPerPixel];
            }
        }

        return image;
    }

    private static ByteImage DecodeBitFields(ReadOnlySpan<byte> pixels, int width, int height, uint[] masks)
    {
        var image = new ByteImage(width, height, masks.Length);
        var destination = image.Pixels.AsSpan();
        for (int i = 0; i < width * height; i++)
        {
            uint pixel = BinaryPrimitives.ReadUInt32LittleEndian(pixels[(i * 4)..]);
            for (int c = 0; c < masks.Length; c++)
            {
                destination[(i * masks.Length) + c] = MaskedSample(pixel, masks[c]);
            }
        }

        return image;
    }

    /// <summary>The bits under a mask scaled to 0..255, so 5- or 10-bit fields read like 8-bit ones.</summary>
    private static byte MaskedSample(uint pixel, uint mask)
    {
        if (mask == 0)
        {
            return 0;
        }

        int shift = BitOperations.TrailingZeroCount(mask);
        ulong maximum = mask >> shift;
        return (byte)((((pixel & mask) >> shift) * 255UL + (maximum / 2)) / maximum);
    }

    private static ByteImage FlipRows(ByteImage image)
    {
        int rowLength = image.Width * image.Channels;
        var flipped = new ByteImage(image.Width, image.Height, image.Channels);
        for (int y = 0; y < image.Height; y++)
        {
            image.Pixels.AsSpan(y * rowLength, rowLength).CopyTo(flipped.Pixels.AsSpan((image.Height - 1 - y) * rowLength));
        }

        return flipped;
    }
}
