using System.Buffers.Binary;
using System.IO.Compression;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Writes gray/gray-alpha/RGB/RGBA PNGs, 8-bit from a <see cref="ByteImage"/> or 16-bit from a <see cref="UShortImage"/>:
/// one IDAT of zlib-compressed rows, each with filter type 1 (Sub).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private delegate void RowWriter(int y, Span<byte> row);

    public static void Write(string path, ByteImage image) => AtomicFile.Write(path, stream => Write(stream, image));

    public static void Write(string path, UShortImage image) => AtomicFile.Write(path, stream => Write(stream, image));

    public static byte[] Encode(ByteImage image)
    {
        using var memory = new MemoryStream();
        Write(memory, image);
        return memory.ToArray();
    }

    public static byte[] Encode(UShortImage image)
    {
        using var memory = new MemoryStream();
        Write(memory, image);
        return memory.ToArray();
    }

    public static void Write(Stream stream, ByteImage image)
    {
        WriteSignatureAndHeader(stream, image.Width, image.Height, image.Channels, bitDepth: 8);
        WriteChunk(stream, "IDAT", CompressRows(image));
        WriteChunk(stream, "IEND", []);
    }

    public static void Write(Stream stream, UShortImage image)
    {
        WriteSignatureAndHeader(stream, image.Width, image.Height, image.Channels, bitDepth: 16);
        int rowSamples = image.Width * image.Channels;
        var compressed = CompressRows(image.Height, rowSamples * 2, image.Channels * 2, (y, row) =>
        {
            var samples = image.Samples.AsSpan(y * rowSamples, rowSamples);
            for (int i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(row[(i * 2)..], samples[i]);
            }
        });
        WriteChunk(stream, "IDAT", compressed);
        WriteChunk(stream, "IEND", []);
    }

    internal static void WriteSignatureAndHeader(Stream stream, int width, int height, int channels, int bitDepth)
    {
        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)bitDepth;
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 }; // colour type
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(stream, "IHDR", header);
    }

    /// <summary>The zlib stream of an 8-bit image's Sub-filtered rows: the body of an IDAT (or, after a sequence number, an fdAT).</summary>
    internal static byte[] CompressRows(ByteImage image)
    {
        int stride = image.Width * image.Channels;
        return CompressRows(image.Height, stride, image.Channels, (y, row) => image.Pixels.AsSpan(y * stride, stride).CopyTo(row));
    }

    internal static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            typeBytes[i] = (byte)type[i];
        }

        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    private static byte[] CompressRows(int height, int rowBytes, int bytesPerPixel, RowWriter writeRow)
    {
        var raw = new byte[rowBytes];
        var filtered = new byte[rowBytes + 1];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                writeRow(y, raw);
                filtered[0] = 1; // Sub: difference to the pixel on the left compresses photos and plots well
                for (int i = 0; i < rowBytes; i++)
                {
                    byte left = i >= bytesPerPixel ? raw[i - bytesPerPixel] : (byte)0;
                    filtered[i + 1] = (byte)(raw[i] - left);
                }

                zlib.Write(filtered);
            }
        }

        return compressed.ToArray();
    }

}
