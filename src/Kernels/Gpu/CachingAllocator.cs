namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Per-device caching allocator (PyTorch's CUDACachingAllocator idea, without block splitting): a freed block goes
/// to a free list keyed by its size class and the next request of that class reuses it, so a training loop that
/// allocates the same shapes every step stops calling the driver after the first step.
/// Size classes: multiples of 512 B up to 1 MiB, multiples of 2 MiB above.
/// .NET frees a buffer only when the GC finalizes it, so blocks of dead tensors come back late; when a request
/// misses the cache and the bytes in use have grown past <see cref="ReclaimThreshold"/>, the allocator first runs
/// the reclaim callback (a full GC that runs pending finalizers) and retries, then sets the threshold to twice what
/// is still live. A training loop thus settles on reusing its own blocks instead of growing without bound.
/// </summary>
public sealed class CachingAllocator<TBlock>
    where TBlock : class
{
    public const long SmallGranularity = 512;
    public const long LargeThreshold = 1L << 20;
    public const long LargeGranularity = 2L << 20;

    /// <summary>The smallest reclaim threshold (and the first one).</summary>
    public const long MinimumReclaimThreshold = 256L << 20;

    private readonly Func<long, TBlock> allocateNative;
    private readonly Action<TBlock> freeNative;
    private readonly Action? reclaim;
    private readonly Dictionary<long, Stack<TBlock>> freeBlocks = new();

    // Every block handed out stays reachable from here until it is returned: a block object (an ILGPU buffer) may
    // have a finalizer of its own, which must not free the memory while the buffer that rented it is finalized.
    private readonly HashSet<TBlock> rented = new(ReferenceEqualityComparer.Instance);
    private readonly object gate = new();

    /// <param name="allocateNative">Allocates exactly that many bytes on the device; throws when it cannot.</param>
    /// <param name="freeNative">Releases a block allocateNative returned.</param>
    /// <param name="reclaim">Returns the blocks of unreachable buffers to the cache (null: never asked).</param>
    public CachingAllocator(Func<long, TBlock> allocateNative, Action<TBlock> freeNative, Action? reclaim = null)
    {
        this.allocateNative = allocateNative;
        this.freeNative = freeNative;
        this.reclaim = reclaim;
    }

    /// <summary>Bytes in use above which a cache miss runs the reclaim callback first.</summary>
    public long ReclaimThreshold { get; private set; } = MinimumReclaimThreshold;

    /// <summary>How many times the reclaim callback ran.</summary>
    public long Reclaims { get; private set; }

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
    public (TBlock Block, long SizeClass) Rent(long bytes)
    {
        long size = SizeClass(bytes);
        if (reclaim != null && NeedsReclaim(size))
        {
            reclaim();  // outside the lock: finalizers return their blocks through it
            lock (gate)
            {
                Reclaims++;
                ReclaimThreshold = Math.Max(MinimumReclaimThreshold, 2 * BytesInUse);
            }
        }

        lock (gate)
        {
            TBlock block;
            if (freeBlocks.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                block = stack.Pop();
                BytesCached -= size;
                Reuses++;
            }
            else
            {
                block = AllocateOrFlush(size);
                NativeAllocations++;
            }

            rented.Add(block);
            BytesInUse += size;
            PeakBytes = Math.Max(PeakBytes, BytesInUse);
            return (block, size);
        }
    }

    /// <summary>Gives a block back to the cache (not to the driver). Safe on the finalizer thread.</summary>
    public void Return(TBlock block, long sizeClass)
    {
        lock (gate)
        {
            rented.Remove(block);
            if (!freeBlocks.TryGetValue(sizeClass, out var stack))
            {
                stack = new Stack<TBlock>();
                freeBlocks[sizeClass] = stack;
            }

            stack.Push(block);
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

    private bool NeedsReclaim(long size)
    {
        lock (gate)
        {
            return BytesInUse + size > ReclaimThreshold && !(freeBlocks.TryGetValue(size, out var stack) && stack.Count > 0);
        }
    }

    // Out of device memory with blocks of other sizes cached: free them and try once more (ILGPU reports device
    // out-of-memory as each runtime's own exception type; a second failure propagates whatever it is).
    private TBlock AllocateOrFlush(long size)
    {
        try
        {
            return allocateNative(size);
        }
        catch (Exception) when (BytesCached > 0)
        {
            ReleaseCached();
            return allocateNative(size);
        }
    }

    private static long RoundUp(long value, long granularity) => (value + granularity - 1) / granularity * granularity;
}
