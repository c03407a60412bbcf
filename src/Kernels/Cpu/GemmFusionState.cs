namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// A <see cref="GemmFusion"/> bound to its mask: the mask's element at C's [0, 0] (null without one) and its row
/// stride. Blocks of C that a worker or a k split takes shift the mask with them.
/// </summary>
internal readonly unsafe struct GemmFusionState<T>(bool rectifyA, bool rectifyB, T* mask, int ldMask)
    where T : unmanaged
{
    public static GemmFusionState<T> None => default;

    public bool RectifyA { get; } = rectifyA;

    public bool RectifyB { get; } = rectifyB;

    public T* Mask { get; } = mask;

    public int LdMask { get; } = ldMask;

    /// <summary>The same fusion for the block of C that starts at [row, column].</summary>
    public GemmFusionState<T> At(long row, long column)
        => Mask == null ? this : new(RectifyA, RectifyB, Mask + row * LdMask + column, LdMask);

    /// <summary>The same fusion without the mask: k blocks before the last store partial sums, which stay unmasked.</summary>
    public GemmFusionState<T> WithoutMask => new(RectifyA, RectifyB, null, 0);
}
