using System.Collections.Concurrent;

namespace IlgpuNet.Tensors;

/// <summary>
/// Host arrays that backward has finished with, kept by element type and exact length for the next allocation of
/// that size: a training step allocates the same shapes every time, while memory the GC hands out fresh costs a page
/// fault per 4 KB on first write (13% of a Table-2 step's CPU time went to those faults). Only arrays of at least
/// 64 KB are kept (smaller ones come from the GC's warm young generation), and the pool holds at most an eighth of the
/// memory available to the process, so an idle pool never holds much.
/// </summary>
internal static class HostArrayPool
{
    private const int MinimumBytes = 64 * 1024;
    private static readonly long CapacityBytes = Math.Min(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);
    private static readonly ConcurrentDictionary<(Type, int), ConcurrentBag<Array>> Free = new();
    private static long pooledBytes;

    public static bool Keeps(int length, int elementSize) => (long)length * elementSize >= MinimumBytes;

    /// <summary>An uninitialised array of exactly this length: a kept one when there is one.</summary>
    public static T[] Rent<T>(int length)
    {
        if (Keeps(length, SizeOf<T>()) && Free.TryGetValue((typeof(T), length), out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Add(ref pooledBytes, -(long)length * SizeOf<T>());
            return (T[])array;
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Keeps an array nobody references any more; dropped (left to the GC) when the pool is full.</summary>
    public static void Return<T>(T[] array)
    {
        long bytes = (long)array.Length * SizeOf<T>();
        if (!Keeps(array.Length, SizeOf<T>()) || Interlocked.Add(ref pooledBytes, bytes) > CapacityBytes)
        {
            Interlocked.Add(ref pooledBytes, Keeps(array.Length, SizeOf<T>()) ? -bytes : 0);
            return;
        }

        Free.GetOrAdd((typeof(T), array.Length), _ => []).Add(array);
    }

    private static int SizeOf<T>() => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
