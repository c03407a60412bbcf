using System.Buffers.Binary;
using System.IO.Compression;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// An unsigned-byte IDX array (LeCun's MNIST format): magic 0x00 0x00 0x08 ndim, then ndim big-endian int32 sizes,
/// then the bytes in C order. Gzip files (by their 1F 8B magic, whatever the name) are decompressed on reading.
/// </summary>
public sealed class IdxArray
{
    private IdxArray(int[] shape, byte[] data)
    {
        Shape = shape;
        Data = data;
    }

    public IReadOnlyList<int> Shape { get; }

    public byte[] Data { get; }

    public static IdxArray Read(string path, int expectedDimensions)
    {
        byte[] bytes = ReadMaybeGzip(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException($"{path}: not an IDX file (the first two bytes of the magic number must be 0)");
        }

        if (bytes[2] != 0x08)
        {
            throw new InvalidDataException($"{path}: IDX element type 0x{bytes[2]:X2} is not unsigned byte (0x08)");
        }

        int dimensions = bytes[3];
        if (dimensions != expectedDimensions)
        {
            throw new InvalidDataException(
                $"{path}: IDX magic 0x{BinaryPrimitives.ReadInt32BigEndian(bytes):X8} has {dimensions} dimensions, expected {expectedDimensions} " +
                $"({(expectedDimensions == 3 ? "an images file, magic 0x00000803" : "a labels file, magic 0x00000801")})");
        }

        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException($"{path}: IDX header truncated");
        }

        var shape = new int[dimensions];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (shape[d] < 0)
            {
                throw new InvalidDataException($"{path}: negative IDX dimension {shape[d]}");
            }

            count *= shape[d];
        }

        if (bytes.Length - headerLength != count)
        {
            throw new InvalidDataException(
                $"{path}: IDX header promises {string.Join('x', shape)} = {count} bytes, the file holds {bytes.Length - headerLength}");
        }

        return new IdxArray(shape, bytes[headerLength..]);
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        using var file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        using var memory = new MemoryStream();
        if (gzip)
        {
            using var decompressed = new GZipStream(file, CompressionMode.Decompress);
            decompressed.CopyTo(memory);
        }
        else
        {
            file.CopyTo(memory);
        }

        return memory.ToArray();
    }
}
