namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Per-device caching allocator (PyTorch's CUDACachingAllocator idea, without block splitting): a freed block goes
/// to a free list keyed by its size class and the next request of that class reuses it, so a training loop that
/// allocates the same shapes every step stops calling the driver after the first step.
/// Size classes: multiples of 512 B up to 1 MiB, multiples of 2 MiB above.
/// </summary>
public sealed class CachingAllocator
{
    public const long SmallGranularity = 512;
    public const long LargeThreshold = 1L << 20;
    public const long LargeGranularity = 2L << 20;

    private readonly Func<long, nint> allocateNative;
    private readonly Action<nint> freeNative;
    private readonly Dictionary<long, Stack<nint>> freeBlocks = new();
    private readonly object gate = new();

    /// <param name="allocateNative">Allocates exactly that many bytes on the device; throws when it cannot.</param>
    /// <param name="freeNative">Releases a block allocateNative returned.</param>
    public CachingAllocator(Func<long, nint> allocateNative, Action<nint> freeNative)
    {
        this.allocateNative = allocateNative;
        this.freeNative = freeNative;
    }

    /// <summary>Bytes held by live blocks (size-class bytes, as the device sees them).</summary>
    public long BytesInUse { get; private set; }

    /// <summary>The highest BytesInUse since creation or the last ResetPeak.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Bytes in free blocks kept for reuse.</summary>
    public long BytesCached { get; private set; }

    /// <summary>How many times the driver was asked for memory.</summary>
    public long NativeAllocations { get; private set; }

    /// <summary>How many requests a cached block satisfied.</summary>
    public long Reuses { get; private set; }

    public static long SizeClass(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes <= LargeThreshold)
        {
            return Math.Max(SmallGranularity, RoundUp(bytes, SmallGranularity));
        }

        return RoundUp(bytes, LargeGranularity);
    }

    /// <summary>A block of at least <paramref name="bytes"/>; its size class is what Return needs back.</summary>
    public (nint Handle, long SizeClass) Rent(long bytes)
    {
        long size = SizeClass(bytes);
        lock (gate)
        {
            nint handle;
            if (freeBlocks.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                handle = stack.Pop();
                BytesCached -= size;
                Reuses++;
            }
            else
            {
                handle = AllocateOrFlush(size);
                NativeAllocations++;
            }

            BytesInUse += size;
            PeakBytes = Math.Max(PeakBytes, BytesInUse);
            return (handle, size);
        }
    }

    /// <summary>Gives a block back to the cache (not to the driver). Safe on the finalizer thread.</summary>
    public void Return(nint handle, long sizeClass)
    {
        lock (gate)
        {
            if (!freeBlocks.TryGetValue(sizeClass, out var stack))
            {
                stack = new Stack<nint>();
                freeBlocks[sizeClass] = stack;
            }

            stack.Push(handle);
            BytesInUse -= sizeClass;
            BytesCached += sizeClass;
        }
    }

    /// <summary>Frees every cached block back to the driver (torch.cuda.empty_cache).</summary>
    public void ReleaseCached()
    {
        lock (gate)
        {
            foreach (var stack in freeBlocks.Values)
            {
                while (stack.Count > 0)
                {
                    freeNative(stack.Pop());
                }
            }

            freeBlocks.Clear();
            BytesCached = 0;
        }
    }

    public void ResetPeak()
    {
        lock (gate)
        {
            PeakBytes = BytesInUse;
        }
    }

    // Out of device memory with blocks of other sizes cached: free them and try once more.
    private nint AllocateOrFlush(long size)
    {
        try
        {
            return allocateNative(size);
        }
        catch (DeviceApiException) when (BytesCached > 0)
        {
            ReleaseCached();
            return allocateNative(size);
        }
    }

    private static long RoundUp(long value, long granularity) => (value + granularity - 1) / granularity * granularity;
}
