using System.Buffers.Binary;
using System.IO.Compression;

namespace IlgpuNet.Data.Imaging;

/// <summary>Writes 8-bit gray/gray-alpha/RGB/RGBA PNGs: one IDAT of zlib-compressed rows, each with filter type 1 (Sub).</summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static void Write(string path, ByteImage image)
    {
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            Write(file, image);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static byte[] Encode(ByteImage image)
    {
        using var memory = new MemoryStream();
        Write(memory, image);
        return memory.ToArray();
    }

    public static void Write(Stream stream, ByteImage image)
    {
        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bit depth
        header[9] = image.Channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 }; // colour type
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(stream, "IHDR", header);
        WriteChunk(stream, "IDAT", CompressRows(image));
        WriteChunk(stream, "IEND", []);
    }

    private static byte[] CompressRows(ByteImage image)
    {
        int stride = image.Width * image.Channels;
        var row = new byte[stride + 1];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                var source = image.Pixels.AsSpan(y * stride, stride);
                row[0] = 1; // Sub: difference to the pixel on the left compresses photos and plots well
                for (int i = 0; i < stride; i++)
                {
                    byte left = i >= image.Channels ? source[i - image.Channels] : (byte)0;
                    row[i + 1] = (byte)(source[i] - left);
                }

                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
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
}
