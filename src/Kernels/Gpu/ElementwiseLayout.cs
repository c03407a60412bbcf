using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Packs a shape and operand views into the elementwise kernels' arguments (<see cref="KernelShape"/>, one
/// <see cref="KernelStrides"/> per operand), first merging dimensions that are contiguous in every operand and dropping
/// size-1 ones, so a dense tensor becomes 1-D and the per-element index math is one division.
/// </summary>
public static class ElementwiseLayout
{
    public static (KernelShape Shape, KernelStrides[] Strides, long Count) Pack(ReadOnlySpan<long> shape, params StridedView[] views)
    {
        foreach (var v in views)
        {
            if (v.Strides.Length != shape.Length)
            {
                throw new ArgumentException($"view has {v.Strides.Length} strides for a {shape.Length}-d shape");
            }
        }

        var sizes = new List<long>();
        var strides = views.Select(_ => new List<long>()).ToArray();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            int last = sizes.Count - 1;
            bool mergeable = last >= 0;
            for (int v = 0; v < views.Length && mergeable; v++)
            {
                mergeable = strides[v][last] == views[v].Strides[d] * shape[d];
            }

            if (mergeable)
            {
                sizes[last] *= shape[d];
                for (int v = 0; v < views.Length; v++)
                {
                    strides[v][last] = views[v].Strides[d];
                }
            }
            else
            {
                sizes.Add(shape[d]);
                for (int v = 0; v < views.Length; v++)
                {
                    strides[v].Add(views[v].Strides[d]);
                }
            }
        }

        return ToKernelArguments(sizes, strides, views, Count(shape));
    }

    /// <summary>
    /// Packs the shape as it is, every dimension kept (kernels that address one dimension by number, such as gather,
    /// need them all).
    /// </summary>
    public static (KernelShape Shape, KernelStrides[] Strides, long Count) PackUnmerged(ReadOnlySpan<long> shape, params StridedView[] views)
    {
        int rank = shape.Length;
        var strides = views.Select(v => v.Strides.Length == rank ? v.Strides.ToList()
            : throw new ArgumentException($"view has {v.Strides.Length} strides for a {rank}-d shape")).ToArray();
        return ToKernelArguments([.. shape], strides, views, Count(shape));
    }

    private static long Count(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
        }

        return count;
    }

    private static (KernelShape Shape, KernelStrides[] Strides, long Count) ToKernelArguments(List<long> sizes, List<long>[] strides,
        StridedView[] views, long count)
    {
        if (sizes.Count > KernelShape.MaxRank)
        {
            throw new ArgumentException($"device kernels take at most {KernelShape.MaxRank} non-mergeable dimensions, got {sizes.Count}");
        }

        var shape = new KernelShape { Rank = sizes.Count };
        for (int d = 0; d < sizes.Count; d++)
        {
            shape.Size[d] = sizes[d];
        }

        var packed = new KernelStrides[views.Length];
        for (int v = 0; v < views.Length; v++)
        {
            packed[v].Offset = views[v].Offset;
            for (int d = 0; d < sizes.Count; d++)
            {
                packed[v].Stride[d] = strides[v][d];
            }
        }

        return (shape, packed, count);
    }
}
