using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Per-thread scratch memory that outlives a call: kernels on the hot path (im2col columns, staging of chunked
/// outputs) reuse the same 64-byte aligned native block every step instead of renting, pinning and page-faulting
/// fresh memory. A slot grows when asked for more and is never shared between threads; callers on one thread must
/// use distinct slots for buffers alive at the same time.
/// </summary>
internal static unsafe class ThreadScratch
{
    public const int Columns = 0;
    public const int Staging = 1;
    public const int PaddedPlane = 2;
    public const int TransposedWeightGradient = 3;
    public const int LanesIn = 4;
    public const int LanesOut = 5;
    public const int TransformedWeight = 6;
    public const int TransformedInput = 7;
    public const int TransformedOutput = 8;
    public const int TilePatch = 9;
    public const int WeightGradientSums = 10;
    public const int PackedWeight = 11;
    private const int Slots = 12;

    [ThreadStatic]
    private static Block[]? blocks;

    public static RawBuffer<T> Get<T>(int slot, long elements)
        where T : unmanaged
    {
        if (elements > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(elements), $"scratch of {elements} elements exceeds 2^31 - 1");
        }

        blocks ??= new Block[Slots];
        ref var block = ref blocks[slot];
        nuint bytes = (nuint)(elements * sizeof(T));
        if (block.Bytes < bytes)
        {
            NativeMemory.AlignedFree(block.Pointer);
            block.Pointer = null;
            block.Pointer = NativeMemory.AlignedAlloc(Math.Max(bytes, block.Bytes * 5 / 4), 64);
            block.Bytes = Math.Max(bytes, block.Bytes * 5 / 4);
        }

        return new RawBuffer<T>((T*)block.Pointer, (int)elements);
    }

    private struct Block
    {
        public void* Pointer;
        public nuint Bytes;
    }
}
