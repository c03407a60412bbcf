namespace IlgpuNet.Training;

/// <summary>
/// Seeds for per-sample randomness (augmentation) that depend only on (run seed, epoch, sample index), never on
/// thread timing or on how many samples came before, so a resumed run draws what an uninterrupted one draws.
/// </summary>
public static class SampleSeed
{
    /// <summary>A well-mixed 31-bit seed for <see cref="Random"/> (SplitMix64's finaliser over the three parts).</summary>
    public static int For(ulong seed, int epoch, int index)
    {
        ulong z = seed ^ ((ulong)(uint)epoch << 32) ^ (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
