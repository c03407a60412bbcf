using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// gather / scatter_add along one dim and index_select / index_add with torch's semantics (the device twin of
/// Cpu.IndexKernels). Gather and scatter range over the positions p of the index tensor's shape, passed unmerged
/// (the dim matters). An index outside [0, size of dim) reads NaN (0 for integers) and is skipped by the adds.
/// </summary>
public static class IndexKernels
{
    /// <summary>y[p] = x[p with p[dim] := index[p]]; y and index dense in index's shape, x any view of size dimSize on dim.</summary>
    public static void Gather<T>(KernelShape indexShape, long n, ArrayView<long> index, ArrayView<T> x, KernelStrides xStrides, int dim,
        long dimSize, ArrayView<T> y, T missing)
        where T : unmanaged
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            long at = index[i];
            y[i] = at >= 0 && at < dimSize ? x[xStrides.ElementAtWith(i, indexShape, dim, at)] : missing;
        }
    }

    /// <summary>
    /// y[p with p[dim] := index[p]] += src[p]; y a view (strides) of size dimSize on dim, src and index dense in index's
    /// shape. Repeated indices add up through atomics, so the order of the adds is not fixed.
    /// </summary>
    public static void ScatterAdd(KernelShape indexShape, long n, ArrayView<long> index, ArrayView<float> src, ArrayView<float> y,
        KernelStrides yStrides, int dim, long dimSize)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            long at = index[i];
            if (at >= 0 && at < dimSize)
            {
                Atomic.Add(ref y[yStrides.ElementAtWith(i, indexShape, dim, at)], src[i]);
            }
        }
    }

    /// <summary>y[o, j, i] = x[o, index[j], i]: x dense [outer, size, inner], y dense [outer, count, inner].</summary>
    public static void IndexSelect<T>(ArrayView<T> x, int outer, int size, int inner, ArrayView<long> index, int count, ArrayView<T> y, T missing)
        where T : unmanaged
    {
        long n = (long)outer * count * inner;
        for (long k = GridStride.First, step = GridStride.Step; k < n; k += step)
        {
            long i = k % inner, j = k / inner % count, o = k / ((long)inner * count);
            long at = index[j];
            y[k] = at >= 0 && at < size ? x[(o * size + at) * inner + i] : missing;
        }
    }

    /// <summary>y[o, index[j], i] += src[o, j, i] (index_select's backward; the host zeroes y first).</summary>
    public static void IndexAdd(ArrayView<float> src, int outer, int size, int inner, ArrayView<long> index, int count, ArrayView<float> y)
    {
        long n = (long)outer * count * inner;
        for (long k = GridStride.First, step = GridStride.Step; k < n; k += step)
        {
            long i = k % inner, j = k / inner % count, o = k / ((long)inner * count);
            long at = index[j];
            if (at >= 0 && at < size)
            {
                Atomic.Add(ref y[(o * size + at) * inner + i], src[k]);
            }
        }
    }
}
