using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Gather / scatter-add / index-select along one dimension, PyTorch's semantics:
///   gather:      out[p] = x[p with p[dim] replaced by index[p]]            out, index: same shape
///   scatter-add: y[p with p[dim] replaced by index[p]] += src[p]           (the backward of gather)
///   index-select: out[o, k, i] = x[o, index[k], i]  over contiguous (outer, n, inner)
/// </summary>
public static class IndexKernels
{
    // out: contiguous over indexShape; x: strided over its own shape (same rank)
    public static void Gather<T>(int[] indexShape, long[] index, T[] x, int xOffset, int[] xStrides, int[] xShape,
        int dim, T[] output)
        where T : unmanaged
    {
        long count = index.LongLength;
        CpuParallel.For(count, 2, (start, end) =>
        {
            for (long p = start; p < end; p++)
            {
                long rest = p;
                int offset = xOffset;
                for (int d = indexShape.Length - 1; d >= 0; d--)
                {
                    int coordinate = (int)(rest % indexShape[d]);
                    rest /= indexShape[d];
                    if (d == dim)
                    {
                        coordinate = CheckIndex(index[p], xShape[dim], "gather");
                    }

                    offset += coordinate * xStrides[d];
                }

                output[p] = x[offset];
            }
        });
    }

    // y (contiguous, yShape) += src scattered by index (contiguous, indexShape); serial: targets may collide
    public static void ScatterAdd<T>(int[] indexShape, long[] index, T[] src, int[] yShape, int dim, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var yStrides = ContiguousStrides(yShape);
        for (long p = 0; p < index.LongLength; p++)
        {
            long rest = p;
            int offset = 0;
            for (int d = indexShape.Length - 1; d >= 0; d--)
            {
                int coordinate = (int)(rest % indexShape[d]);
                rest /= indexShape[d];
                if (d == dim)
                {
                    coordinate = CheckIndex(index[p], yShape[dim], "scatter_add");
                }

                offset += coordinate * yStrides[d];
            }

            y[offset] += src[p];
        }
    }

    // out (outer, k, inner) = x (outer, n, inner)[:, index, :]
    public static void IndexSelect<T>(T[] x, int outer, int n, int inner, long[] index, T[] output)
        where T : unmanaged
    {
        int k = index.Length;
        for (int j = 0; j < k; j++)
        {
            CheckIndex(index[j], n, "index_select");
        }

        CpuParallel.For((long)outer * k, inner, (start, end) =>
        {
            for (long r = start; r < end; r++)
            {
                int o = (int)(r / k), j = (int)(r % k);
                x.AsSpan((o * n + (int)index[j]) * inner, inner).CopyTo(output.AsSpan((o * k + j) * inner, inner));
            }
        });
    }

    // y (outer, n, inner) += src (outer, k, inner) at rows index   (the backward of index_select)
    public static void IndexAdd<T>(T[] src, int outer, int n, int inner, long[] index, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = index.Length;
        CpuParallel.For(outer, (long)k * inner, (start, end) =>
        {
            for (long o = start; o < end; o++)
            {
                for (int j = 0; j < k; j++)
                {
                    int target = (int)(o * n + index[j]) * inner, source = (int)(o * k + j) * inner;
                    for (int i = 0; i < inner; i++)
                    {
                        y[target + i] += src[source + i];
                    }
                }
            }
        });
    }

    public static int[] ContiguousStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }

    private static int CheckIndex(long value, int size, string op)
    {
        if (value < 0 || value >= size)
        {
            throw new IndexOutOfRangeException($"{op}: index {value} is out of bounds for dimension of size {size}");
        }

        return (int)value;
    }
}
