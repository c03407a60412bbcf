using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>elementwise.cu's Shape: the logical shape shared by every operand of one launch.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KernelShape
{
    public const int MaxDims = 8;
    public fixed long Size[MaxDims];
    public int NDim;
    public int Pad;

    public readonly long SizeAt(int d) => (uint)d < MaxDims ? Size[d] : throw new ArgumentOutOfRangeException(nameof(d));
}

/// <summary>elementwise.cu's Strides: one operand's offset and element strides.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KernelStrides
{
    public long Offset;
    public fixed long Stride[KernelShape.MaxDims];

    public readonly long StrideAt(int d) => (uint)d < KernelShape.MaxDims ? Stride[d] : throw new ArgumentOutOfRangeException(nameof(d));
}

/// <summary>
/// Packs a shape and operand views into the kernel structs, first merging dimensions that are contiguous in every
/// operand (and dropping size-1 ones), so a dense tensor becomes 1-D and the per-element index math is one mod.
/// </summary>
public static unsafe class ElementwiseLayout
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

        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
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

        return ToStructs(sizes, strides, views, count);
    }

    /// <summary>
    /// Packs the shape as it is, every dimension kept (kernels that address one dimension by number, such as gather,
    /// need them all).
    /// </summary>
    public static (KernelShape Shape, KernelStrides[] Strides, long Count) PackUnmerged(ReadOnlySpan<long> shape, params StridedView[] views)
    {
        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
        }

        int rank = shape.Length;
        var strides = views.Select(v => v.Strides.Length == rank ? v.Strides.ToList()
            : throw new ArgumentException($"view has {v.Strides.Length} strides for a {rank}-d shape")).ToArray();
        return ToStructs([.. shape], strides, views, count);
    }

    private static (KernelShape Shape, KernelStrides[] Strides, long Count) ToStructs(List<long> sizes, List<long>[] strides,
        StridedView[] views, long count)
    {
        if (sizes.Count > KernelShape.MaxDims)
        {
            throw new ArgumentException($"device kernels take at most {KernelShape.MaxDims} non-mergeable dimensions, got {sizes.Count}");
        }

        var packed = new KernelShape { NDim = sizes.Count };
        for (int d = 0; d < sizes.Count; d++)
        {
            packed.Size[d] = sizes[d];
        }

        var packedStrides = new KernelStrides[views.Length];
        for (int v = 0; v < views.Length; v++)
        {
            packedStrides[v].Offset = views[v].Offset;
            for (int d = 0; d < sizes.Count; d++)
            {
                packedStrides[v].Stride[d] = strides[v][d];
            }
        }

        return (packed, packedStrides, count);
    }
}
