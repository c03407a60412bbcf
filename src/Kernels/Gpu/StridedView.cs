namespace IlgpuNet.Kernels.Gpu;

/// <summary>Where a view's elements are in its buffer: element (i0, .., ik) is at Offset + sum_d i_d * Strides[d].</summary>
public readonly record struct StridedView(long Offset, long[] Strides)
{
    /// <summary>Row-major strides of a dense tensor of this shape, offset 0.</summary>
    public static StridedView Contiguous(ReadOnlySpan<long> shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return new StridedView(0, strides);
    }
}
