using System.Buffers.Binary;

namespace IlgpuNet.Tests.Projects;

/// <summary>Small MNIST-format (IDX) data sets that the tests write: learnable 28×28 classes, no real data needed.</summary>
internal static class TinyIdx
{
    /// <summary>
    /// <c>{prefix}-images-idx3-ubyte</c> and <c>{prefix}-labels-idx1-ubyte</c> in <paramref name="folder"/>: image i has
    /// class i % 10, drawn as a bright horizontal bar at rows 2k+2..2k+4 over dark noise.
    /// </summary>
    public static void WriteSplit(string folder, string prefix, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            labels[i] = (byte)label;
            for (int p = 0; p < 28 * 28; p++)
            {
                int row = p / 28;
                pixels[i * 784 + p] = (byte)(row >= 2 * label + 2 && row < 2 * label + 5 ? 200 + random.Next(55) : random.Next(40));
            }
        }

        Write(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), 0x00000803, [count, 28, 28], pixels);
        Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), 0x00000801, [count], labels);
    }

    private static void Write(string path, int magic, int[] dims, byte[] data)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(BinaryPrimitives.ReverseEndianness(magic));
        foreach (int d in dims)
        {
            writer.Write(BinaryPrimitives.ReverseEndianness(d));
        }

        writer.Write(data);
    }
}
