using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data.Imaging;

/// <summary>
/// A deliberately plain PNG writer for decoder tests: any colour type and bit depth, a chosen filter
/// (or all five in turn), Adam7, and IDAT split into small chunks. It filters forward, the decoder inverts.
/// </summary>
internal static class PngFixtureWriter
{
    public const int CycleFilters = -1;

    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <param name="samples">Native-depth samples, (y * width + x) * samplesPerPixel + s; palette indices for colour type 3.</param>
    public static byte[] Write(
        int width,
        int height,
        int colorType,
        int bitDepth,
        int[] samples,
        int filter = 0,
        bool interlaced = false,
        byte[]? palette = null,
        byte[]? transparency = null,
        int idatChunkSize = int.MaxValue)
    {
        int samplesPerPixel = SamplesPerPixel(colorType);
        int bytesPerPixel = Math.Max(1, samplesPerPixel * bitDepth / 8);
        var passes = interlaced ? Adam7 : [(0, 0, 1, 1)];
        var filtered = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int passWidth = width > x0 ? (width - x0 + dx - 1) / dx : 0;
            int passHeight = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            if (passWidth == 0 || passHeight == 0)
            {
                continue;
            }

            byte[] previous = new byte[((passWidth * samplesPerPixel * bitDepth) + 7) / 8];
            for (int py = 0; py < passHeight; py++)
            {
                var raw = new byte[previous.Length];
                for (int px = 0; px < passWidth; px++)
                {
                    int pixel = ((y0 + (py * dy)) * width) + x0 + (px * dx);
                    for (int s = 0; s < samplesPerPixel; s++)
                    {
                        PutSample(raw, (px * samplesPerPixel) + s, bitDepth, samples[(pixel * samplesPerPixel) + s]);
                    }
                }

                int rowFilter = filter == CycleFilters ? py % 5 : filter;
                filtered.WriteByte((byte)rowFilter);
                for (int i = 0; i < raw.Length; i++)
                {
                    int left = i >= bytesPerPixel ? raw[i - bytesPerPixel] : 0;
                    int upperLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                    int predictor = rowFilter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => previous[i],
                        3 => (left + previous[i]) / 2,
                        _ => PaethPredictor(left, previous[i], upperLeft),
                    };
                    filtered.WriteByte((byte)(raw[i] - predictor));
                }

                previous = raw;
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(filtered.ToArray());
        }

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colorType;
        header[12] = interlaced ? (byte)1 : (byte)0;
        WriteChunk(png, "IHDR", header);
        if (palette != null)
        {
            WriteChunk(png, "PLTE", palette);
        }

        if (transparency != null)
        {
            WriteChunk(png, "tRNS", transparency);
        }

        var data = compressed.ToArray();
        for (int start = 0; start < data.Length; start += idatChunkSize)
        {
            WriteChunk(png, "IDAT", data.AsSpan(start, Math.Min(idatChunkSize, data.Length - start)));
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static int SamplesPerPixel(int colorType) => colorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };

    public static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> body)
    {
        var buffer = new byte[body.Length + 12];
        BinaryPrimitives.WriteInt32BigEndian(buffer, body.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(buffer, 4);
        body.CopyTo(buffer.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + body.Length), Crc32.Compute(buffer.AsSpan(4, body.Length + 4)));
        stream.Write(buffer);
    }

    private static void PutSample(byte[] row, int index, int bitDepth, int value)
    {
        if (bitDepth == 16)
        {
            BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(index * 2), (ushort)value);
        }
        else
        {
            int bit = index * bitDepth;
            row[bit / 8] |= (byte)(value << (8 - bitDepth - (bit % 8)));
        }
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
