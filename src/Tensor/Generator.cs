using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>
/// A seeded random stream on <see cref="Philox"/>: a seed plus an offset that each draw advances, as PyTorch's
/// Philox generators do. The same seed gives the same numbers on every backend and any thread count.
/// </summary>
public sealed class Generator
{
    public Generator(ulong seed = 0)
    {
        ManualSeed(seed);
    }

    /// <summary>The generator random ops use when none is passed.</summary>
    public static Generator Default { get; } = new(0);

    public ulong Seed { get; private set; }

    /// <summary>Counter blocks consumed so far.</summary>
    public ulong Offset { get; private set; }

    public Generator ManualSeed(ulong seed)
    {
        Seed = seed;
        Offset = 0;
        return this;
    }

    /// <summary>Reserves the counter blocks for a draw and returns the offset it starts at.</summary>
    public ulong Advance(ulong blocks)
    {
        ulong start = Offset;
        Offset += blocks;
        return start;
    }

    /// <summary>A uniform double in [0, 1) for host-side choices (shuffles, crops); also advances the stream.</summary>
    public double NextDouble()
    {
        ulong offset = Advance(1);
        var block = Philox.Block(Seed, offset);
        ulong bits = ((ulong)block.X0 << 21) ^ block.X1;
        return (bits & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }

    /// <summary>A uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive) => (int)Math.Min(maxExclusive - 1, Math.Floor(NextDouble() * maxExclusive));
}
