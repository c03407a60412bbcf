using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Inverted dropout with a counter-based mask: element i is kept when uniform element i of the Philox stream (seed,
/// offset) is below the keep probability 1 - p — the very <see cref="Philox"/> code the CPU runs, compiled for the
/// device — so a seed drops the same elements on every backend. The host passes the threshold as
/// keepBelow = ceil((1 - p) 2^24) on the uniform's 24 bits (exact) and scale = 1 / (1 - p) rounded to float.
/// </summary>
public static class DropoutKernels
{
    /// <summary>mask[i] = 1 (kept) or 0; y[i] = kept ? x[i] * scale : 0.</summary>
    public static void Forward(ArrayView<float> x, ArrayView<float> y, ArrayView<byte> mask, long n, int keepBelow, float scale, ulong seed, ulong offset)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            bool keep = Philox.Bits24(seed, offset, i) < (uint)keepBelow;
            mask[i] = keep ? (byte)1 : (byte)0;
            y[i] = keep ? x[i] * scale : 0f;
        }
    }

    public static void Backward(ArrayView<float> dy, ArrayView<byte> mask, ArrayView<float> dx, long n, float scale)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            dx[i] = mask[i] != 0 ? dy[i] * scale : 0f;
        }
    }

    /// <summary>y[i] = Philox.Uniform(seed, offset, i): torch.rand on the device with the CPU's numbers.</summary>
    public static void UniformFill(ArrayView<float> y, long n, ulong seed, ulong offset)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            y[i] = Philox.Uniform(seed, offset, i);
        }
    }
}
