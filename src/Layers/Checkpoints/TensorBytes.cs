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

    /// <summary>Elements of <paramref name="dtype"/> decoded from bytes; half and bfloat16 widen to float32.</summary>
    public static Array Decode(ReadOnlySpan<byte> bytes, StoredType type) => type switch
    {
        StoredType.Float32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        StoredType.Float64 => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
        StoredType.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
        StoredType.Int32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
        StoredType.UInt8 or StoredType.Bool => bytes.ToArray(),
        StoredType.Float16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray(),
        StoredType.BFloat16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown stored type"),
    };

    /// <summary>A tensor owning decoded elements laid out row-major in <paramref name="shape"/>.</summary>
    public static Tensor Create(Array elements, StoredType type, int[] shape) => elements switch
    {
        float[] f => Tensor.FromArray(f, shape).Reshape(shape),
        double[] d => Tensor.FromArray(d, shape).Reshape(shape),
        long[] l => Tensor.FromArray(l, shape).Reshape(shape),
        int[] i => Tensor.FromArray(i, shape).Reshape(shape),
        byte[] b when type == StoredType.Bool => Tensor.FromArray(b, shape).Reshape(shape).To(DType.Bool),
        byte[] b => Tensor.FromArray(b, shape).Reshape(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(elements), elements.GetType(), "unknown element array"),
    };

    /// <summary>
    /// Elements of a strided view (offset, shape, strides in elements) gathered row-major from a flat storage
    /// array; null when the view reaches outside the storage.
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
