namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Where one operand's elements are in its buffer: element (i0, .., ik) of the launch's shape is at
/// Offset + sum_d i_d * Stride[d]. Broadcast dims have stride 0, so expanded, permuted and sliced views need no copy.
/// </summary>
public struct KernelStrides
{
    public long Offset;
    public Dims8 Stride;

    /// <summary>
    /// The buffer element of row-major position <paramref name="linear"/> of <paramref name="shape"/>. A shape the host
    /// merged to one dimension (any dense or evenly strided operand set) needs no division.
    /// </summary>
    public readonly long ElementAt(long linear, KernelShape shape)
    {
        if (shape.Rank <= 1)
        {
            return Offset + linear * Stride.D0;
        }

        long offset = Offset;
        for (int d = shape.Rank - 1; d >= 0; d--)
        {
            long size = shape.Size[d];
            offset += linear % size * Stride[d];
            linear /= size;
        }

        return offset;
    }

    /// <summary>As <see cref="ElementAt"/> with the coordinate along <paramref name="dim"/> replaced by <paramref name="at"/> (gather, scatter).</summary>
    public readonly long ElementAtWith(long linear, KernelShape shape, int dim, long at)
    {
        long offset = Offset;
        for (int d = shape.Rank - 1; d >= 0; d--)
        {
            long size = shape.Size[d];
            offset += (d == dim ? at : linear % size) * Stride[d];
            linear /= size;
        }

        return offset;
    }
}
