namespace IlgpuNet.Kernels;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based generator, so
/// element i of a random tensor is a pure function of (seed, offset, i) and a device kernel computes the same value.
/// The device kernels call this very code (ILGPU compiles it), so the conventions below hold on every backend.
///   block(seed, counter) -> 4 x uint32, key = (seed lo, seed hi), counter = (n lo, n hi, 0, 0)
///   uniform element i  = lane (i % 4) of block(offset + i / 4), mapped to [0, 1) with 24 bits
///   normal element i   = Box-Muller on lanes (2*(i%2), 2*(i%2)+1) of block(offset + i / 2)
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    public static (uint X0, uint X1, uint X2, uint X3) Block(ulong seed, ulong counter)
    {
        uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }

        return (c0, c1, c2, c3);
    }

    public static uint Lane((uint X0, uint X1, uint X2, uint X3) block, int lane) => lane switch
    {
        0 => block.X0,
        1 => block.X1,
        2 => block.X2,
        _ => block.X3,
    };

    /// <summary>Top 24 bits as a float in [0, 1): exact in float32, so CPU and device agree bit for bit.</summary>
    public static float ToUniform(uint bits) => (bits >> 8) * (1.0f / 16777216.0f);

    /// <summary>Uniform in (0, 1]: safe for log in Box-Muller.</summary>
    public static float ToUniformOpenZero(uint bits) => ((bits >> 8) + 1) * (1.0f / 16777216.0f);

    public static float Uniform(ulong seed, ulong offset, long index)
    {
        var block = Block(seed, offset + (ulong)(index >> 2));
        return ToUniform(Lane(block, (int)(index & 3)));
    }

    /// <summary>
    /// The 24 bits behind uniform element <paramref name="index"/> (that uniform is bits * 2^-24): u &lt; q exactly when
    /// bits &lt; ceil(q * 2^24), a threshold the host can compute in double without rounding q to float.
    /// </summary>
    public static uint Bits24(ulong seed, ulong offset, long index)
    {
        var block = Block(seed, offset + (ulong)(index >> 2));
        return Lane(block, (int)(index & 3)) >> 8;
    }

    public static float Normal(ulong seed, ulong offset, long index)
    {
        var block = Block(seed, offset + (ulong)(index >> 1));
        int pair = (int)(index & 1);
        float u1 = ToUniformOpenZero(Lane(block, 2 * pair));
        float u2 = ToUniform(Lane(block, 2 * pair + 1));
        return MathF.Sqrt(-2.0f * MathF.Log(u1)) * MathF.Cos(2.0f * MathF.PI * u2);
    }

    /// <summary>How many counter blocks a call consuming <paramref name="count"/> uniforms uses (the offset advance).</summary>
    public static ulong BlocksForUniform(long count) => (ulong)((count + 3) / 4);

    public static ulong BlocksForNormal(long count) => (ulong)((count + 1) / 2);
}
