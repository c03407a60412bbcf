using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>Inclusive prefix sums along one dimension of a contiguous (outer, n, inner) tensor.</summary>
public static class ScanKernels
{
    // y[o, k, i] = sum_{j<=k} x[o, j, i]        (reverse: sum_{j>=k}; the backward of cumsum is a reverse cumsum)
    public static void Cumsum<T>(T[] x, int xOffset, T[] y, int outer, int n, int inner, bool reverse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For((long)outer * inner, n, (start, end) =>
        {
            for (long r = start; r < end; r++)
            {
                int o = (int)(r / inner), i = (int)(r % inner);
                int baseIndex = o * n * inner + i;
                T running = T.Zero;
                for (int step = 0; step < n; step++)
                {
                    int k = reverse ? n - 1 - step : step;
                    running += x[xOffset + baseIndex + k * inner];
                    y[baseIndex + k * inner] = running;
                }
            }
        });
    }
}
