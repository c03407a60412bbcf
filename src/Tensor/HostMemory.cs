namespace IlgpuNet.Tensors;

/// <summary>
/// What the host tensor pool holds (torch.cuda's memory_allocated / memory_reserved / max_memory_reserved, for the CPU):
/// bytes of pooled-size arrays that tensors hold, bytes of free arrays it keeps for reuse, and the high-water mark of
/// the two together. Arrays under 64 KB and arrays of tensors never disposed, once the GC has collected them, are not
/// counted: the first come from the GC directly, the second stay counted as allocated.
/// </summary>
public static class HostMemory
{
    public static long AllocatedBytes => HostArrayPool.InUseBytes;

    public static long CachedBytes => HostArrayPool.CachedBytes;

    /// <summary>The most the pool has held at once, allocated and cached together, since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakReservedBytes => HostArrayPool.PeakBytes;

    public static void ResetPeak() => HostArrayPool.ResetPeak();

    /// <summary>Leaves the cached free arrays to the garbage collector (torch.cuda.empty_cache for host memory).</summary>
    public static void EmptyCache() => HostArrayPool.EmptyCache();
}
