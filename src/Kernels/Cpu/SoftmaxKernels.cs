using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Softmax and log-softmax along one dimension of a contiguous tensor viewed as (outer, n, inner), with their
/// backward passes beside them. Rows are max-shifted so exp never overflows.
/// </summary>
public static class SoftmaxKernels
{
    // y = softmax(x) or log_softmax(x) along n          x (from xOffset), y: (outer, n, inner) contiguous
    public static void Forward<T>(T[] x, int xOffset, T[] y, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For((long)outer * inner, n * 4, (start, end) =>
        {
            var column = inner == 1 ? null : new T[n];
            for (long r = start; r < end; r++)
            {
                int o = (int)(r / inner), i = (int)(r % inner);
                int baseIndex = o * n * inner + i;
                if (inner == 1)
                {
                    RowForward(x.AsSpan(xOffset + baseIndex, n), y.AsSpan(baseIndex, n), log);
                    continue;
                }

                for (int k = 0; k < n; k++)
                {
                    column![k] = x[xOffset + baseIndex + k * inner];
                }

                RowForward(column, column, log);
                for (int k = 0; k < n; k++)
                {
                    y[baseIndex + k * inner] = column![k];
                }
            }
        });
    }

    // dx = y * (g - sum(g * y))             (softmax,     y = softmax(x))
    // dx = g - exp(y) * sum(g)              (log_softmax, y = log_softmax(x))      g from gOffset
    public static void Backward<T>(T[] y, T[] g, int gOffset, T[] dx, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For((long)outer * inner, n * 4, (start, end) =>
        {
            for (long r = start; r < end; r++)
            {
                int o = (int)(r / inner), i = (int)(r % inner);
                int baseIndex = o * n * inner + i;
                T dot = T.Zero;
                for (int k = 0; k < n; k++)
                {
                    int at = baseIndex + k * inner;
                    dot += log ? g[gOffset + at] : g[gOffset + at] * y[at];
                }

                for (int k = 0; k < n; k++)
                {
                    int at = baseIndex + k * inner;
                    dx[at] = log ? g[gOffset + at] - T.Exp(y[at]) * dot : y[at] * (g[gOffset + at] - dot);
                }
            }
        });
    }

    private static void RowForward<T>(ReadOnlySpan<T> x, Span<T> y, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(x);
        if (T.IsInfinity(max) && max < T.Zero)
        {
            max = T.Zero; // a row of -inf: keep NaN out of the shift
        }

        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            T sum = T.Zero;
            foreach (var v in y)
            {
                sum += T.Exp(v);
            }

            TensorPrimitives.Subtract(y, T.Log(sum), y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum<T>(y), y);
        }
    }
}
