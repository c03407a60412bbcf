using System.Numerics;
using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Generic front door to <see cref="Gemm"/>: float goes to Sgemm, double to Dgemm, anything else to the naive loop.
/// typeof(T) tests are JIT-time constants, so each instantiation compiles to a direct call.
/// </summary>
public static class GemmDispatch
{
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            // Empty reduction: C = beta * C (beta == 0 overwrites, as BLAS).
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                if (T.IsZero(beta))
                {
                    row.Clear();
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] *= beta;
                    }
                }
            }

            return;
        }

        if (typeof(T) == typeof(float))
        {
            Cpu.Gemm.Sgemm(transA, transB, m, n, k, float.CreateTruncating(alpha),
                MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb,
                float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        }
        else if (typeof(T) == typeof(double))
        {
            Cpu.Gemm.Dgemm(transA, transB, m, n, k, double.CreateTruncating(alpha),
                MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb,
                double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
        }
        else
        {
            Cpu.Gemm.Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }
}
