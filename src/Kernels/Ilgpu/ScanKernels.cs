using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>Running sums along the middle dim of [outer, n, inner] (the device twin of Cpu.ScanKernels).</summary>
public static class ScanKernels
{
    /// <summary>
    /// y[o, r, i] = sum_{r' &lt;= r} x[o, r', i], or over r' &gt;= r when reversed (cumsum's backward). One thread per
    /// (o, i) walks its line in order, so the sums are the CPU's sequential ones.
    /// </summary>
    public static void Cumsum(ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner, int reverse)
    {
        long lines = (long)outer * inner;
        for (long line = GridStride.First, step = GridStride.Step; line < lines; line += step)
        {
            long start = line / inner * n * inner + line % inner;
            float sum = 0f;
            for (int k = 0; k < n; k++)
            {
                long at = start + (long)(reverse != 0 ? n - 1 - k : k) * inner;
                sum += x[at];
                y[at] = sum;
            }
        }
    }
}
