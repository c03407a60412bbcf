namespace IlgpuNet.Tensors;

/// <summary>
/// Host arrays that no tensor holds any more, kept for the next allocation, as PyTorch's caching allocators keep freed
/// blocks: a training step allocates the same shapes every time, and memory the GC hands out fresh costs a page fault
/// per 4 KB on first write, while a dead array left to the collector keeps its memory until the next full collection.
/// <para>
/// Requests are rounded up to size classes, four per doubling of the byte size (1, 1.25, 1.5 and 1.75 × 2^k), as
/// jemalloc's are: an array serves every request of its class, so shapes that vary a little (a short last batch, a
/// ray count) share memory, and no array is more than 25 % longer than the request it serves (the tail a request does
/// not use is never written, so it costs no resident memory unless a larger request of the class wrote it before).
/// Requests under 64 KB come from the GC's young generation, which serves them as cheaply. Cached memory is capped at
/// a quarter of the memory available to the process; past that a returned array is left to the GC.
/// </para>
/// </summary>
internal static class HostArrayPool
{
    private const int MinimumBytes = 64 * 1024;
    private const int ClassesPerDoubling = 4;
    private static readonly long CapacityBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
    private static readonly Dictionary<(Type, int), Stack<Array>> Free = [];
    private static readonly Lock Gate = new();
    private static long cachedBytes, inUseBytes, peakBytes;

    /// <summary>Bytes of pooled-size arrays handed out and not yet returned.</summary>
    public static long InUseBytes => Interlocked.Read(ref inUseBytes);

    /// <summary>Bytes of free arrays the pool keeps.</summary>
    public static long CachedBytes => Interlocked.Read(ref cachedBytes);

    /// <summary>The most the pool has held at once, handed out and free together, since the last reset.</summary>
    public static long PeakBytes => Interlocked.Read(ref peakBytes);

    /// <summary>Whether a request of this many elements is served by the pool (else straight from the GC).</summary>
    public static bool Keeps(int length, int elementSize) => (long)length * elementSize >= MinimumBytes;

    /// <summary>The length of the array a request of <paramref name="length"/> elements gets: its size class.</summary>
    public static int ClassLength(int length, int elementSize)
    {
        long bytes = (long)length * elementSize;
        if (bytes < MinimumBytes)
        {
            return length;
        }

        // step = 2^(k-2) for 2^k < bytes <= 2^(k+1): four classes in each doubling
        int k = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(bytes - 1));
        long step = 1L << (k - System.Numerics.BitOperations.Log2(ClassesPerDoubling));
        long classBytes = (bytes + step - 1) / step * step;
        return (int)Math.Min(Array.MaxLength, classBytes / elementSize);
    }

    /// <summary>An uninitialised array of at least <paramref name="length"/> elements: a cached one of its class when there is one.</summary>
    public static T[] Rent<T>(int length)
    {
        int size = SizeOf<T>();
        if (!Keeps(length, size))
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        int classLength = ClassLength(length, size);
        long bytes = (long)classLength * size;
        T[]? array = null;
        lock (Gate)
        {
            if (Free.TryGetValue((typeof(T), classLength), out var stack) && stack.TryPop(out var cached))
            {
                array = (T[])cached;
                cachedBytes -= bytes;
            }

            inUseBytes += bytes;
            peakBytes = Math.Max(peakBytes, inUseBytes + cachedBytes);
        }

        return array ?? GC.AllocateUninitializedArray<T>(classLength);
    }

    /// <summary>Keeps an array that <see cref="Rent{T}"/> handed out and nothing holds any more; left to the GC when the pool is full.</summary>
    public static void Return<T>(T[] array)
    {
        int size = SizeOf<T>();
        if (!Keeps(array.Length, size))
        {
            return;
        }

        long bytes = (long)array.Length * size;
        lock (Gate)
        {
            inUseBytes -= bytes;
            if (cachedBytes + bytes > CapacityBytes)
            {
                return;
            }

            if (!Free.TryGetValue((typeof(T), array.Length), out var stack))
            {
                Free[(typeof(T), array.Length)] = stack = new Stack<Array>();
            }

            stack.Push(array);
            cachedBytes += bytes;
        }
    }

    /// <summary>An array <see cref="Rent{T}"/> handed out that will never come back (its storage was collected): no longer counted as in use.</summary>
    public static void Forget(Array array)
    {
        lock (Gate)
        {
            inUseBytes -= (long)array.Length * System.Runtime.InteropServices.Marshal.SizeOf(array.GetType().GetElementType()!);
        }
    }

    /// <summary>Leaves every cached array to the GC (torch.cuda.empty_cache for host memory).</summary>
    public static void EmptyCache()
    {
        lock (Gate)
        {
            Free.Clear();
            cachedBytes = 0;
        }
    }

    /// <summary>Starts the high-water mark again from what the pool holds now.</summary>
    public static void ResetPeak()
    {
        lock (Gate)
        {
            peakBytes = inUseBytes + cachedBytes;
        }
    }

    private static int SizeOf<T>() => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
