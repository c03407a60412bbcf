using System.Runtime.InteropServices;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>Little-endian element bytes ⇄ tensors for the file formats (both store raw little-endian arrays).</summary>
internal static class TensorBytes
{
    /// <summary>The row-major element bytes of any tensor (views are made contiguous first).</summary>
    public static byte[] ToBytes(Tensor tensor) => tensor.DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(tensor.ToArray<float>().AsSpan()).ToArray(),
        DType.Float64 => MemoryMarshal.AsBytes(tensor.ToArray<double>().AsSpan()).ToArray(),
        DType.Int64 => MemoryMarshal.AsBytes(tensor.ToArray<long>().AsSpan()).ToArray(),
        DType.Int32 => MemoryMarshal.AsBytes(tensor.ToArray<int>().AsSpan()).ToArray(),
        DType.UInt8 or DType.Bool => tensor.ToArray<byte>(),
        _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor.DType, "unknown dtype"),
    };

    /// <summary>
    /// <paramref name="count"/> elements read from <paramref name="stream"/> straight into the array a tensor will own
    /// (one copy, from the file's pages to the tensor's memory); half and bfloat16 widen to float32 after the read.
    /// </summary>
    public static Array Read(Stream stream, StoredType type, int count)
    {
        Array elements = type switch
        {
            StoredType.Float32 => GC.AllocateUninitializedArray<float>(count),
            StoredType.Float64 => GC.AllocateUninitializedArray<double>(count),
            StoredType.Int64 => GC.AllocateUninitializedArray<long>(count),
            StoredType.Int32 => GC.AllocateUninitializedArray<int>(count),
            StoredType.Float16 or StoredType.BFloat16 => GC.AllocateUninitializedArray<ushort>(count),
            StoredType.UInt8 or StoredType.Bool => GC.AllocateUninitializedArray<byte>(count),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown stored type"),
        };
        stream.ReadExactly(AsBytes(elements));
        return elements switch
        {
            ushort[] half when type == StoredType.Float16 => Array.ConvertAll(half, h => (float)BitConverter.UInt16BitsToHalf(h)),
            ushort[] brain => Array.ConvertAll(brain, b => BitConverter.Int32BitsToSingle(b << 16)),
            _ => elements,
        };
    }

    /// <summary>A tensor owning <paramref name="elements"/> (no copy: they were made for it), laid out row-major in <paramref name="shape"/>.</summary>
    public static Tensor Create(Array elements, StoredType type, int[] shape) => elements switch
    {
        float[] => Tensor.Adopt(elements, DType.Float32, shape),
        double[] => Tensor.Adopt(elements, DType.Float64, shape),
        long[] => Tensor.Adopt(elements, DType.Int64, shape),
        int[] => Tensor.Adopt(elements, DType.Int32, shape),
        byte[] => Tensor.Adopt(elements, type == StoredType.Bool ? DType.Bool : DType.UInt8, shape),
        _ => throw new ArgumentOutOfRangeException(nameof(elements), elements.GetType(), "unknown element array"),
    };

    private static Span<byte> AsBytes(Array elements) => elements switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()),
        ushort[] u => MemoryMarshal.AsBytes(u.AsSpan()),
        byte[] b => b,
        _ => throw new ArgumentOutOfRangeException(nameof(elements), elements.GetType(), "unknown element array"),
    };

    /// <summary>
    /// Elements of a strided view (offset, shape, strides in elements) gathered row-major from a flat storage
    /// array; null when the view reaches outside the storage. The storage array itself when the view is all of it,
    /// row-major (the usual state-dict tensor), so no copy is made.
    /// </summary>
    public static Array? Gather(Array storage, long offset, int[] shape, long[] strides)
    {
        long numel = shape.Aggregate(1L, (a, b) => a * b);
        long lowest = offset, highest = offset;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 0)
            {
                return Array.CreateInstance(storage.GetType().GetElementType()!, 0);
            }

            long reach = (shape[d] - 1) * strides[d];
            (lowest, highest) = reach < 0 ? (lowest + reach, highest) : (lowest, highest + reach);
        }

        if (lowest < 0 || highest >= storage.Length)
        {
            return null;
        }

        if (offset == 0 && numel == storage.Length && IsRowMajor(shape, strides))
        {
            return storage;
        }

        var result = Array.CreateInstance(storage.GetType().GetElementType()!, numel);
        if (IsRowMajor(shape, strides))
        {
            Array.Copy(storage, offset, result, 0, numel);
            return result;
        }

        var index = new int[shape.Length];
        long source = offset;
        for (long i = 0; i < numel; i++)
        {
            Array.Copy(storage, source, result, i, 1);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                // odometer: bump the last dim, carry into earlier ones
                if (++index[d] < shape[d])
                {
                    source += strides[d];
                    break;
                }

                source -= (long)(shape[d] - 1) * strides[d];
                index[d] = 0;
            }
        }

        return result;
    }

    private static bool IsRowMajor(int[] shape, long[] strides)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != expected)
            {
                return false;
            }

            expected *= shape[d];
        }

        return true;
    }
}
