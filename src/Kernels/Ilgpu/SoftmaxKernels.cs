using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// softmax / log_softmax along the middle dim of a dense [outer, n, inner] tensor (the device twin of
/// Cpu.SoftmaxKernels, same arguments). A row is the n elements of one (outer, inner) pair, inner apart; one group per
/// row (grid X), its threads striding over the row and reducing together.
/// </summary>
public static class SoftmaxKernels
{
    /// <summary>y = softmax(x), or log_softmax when log != 0.</summary>
    public static void Forward(ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner, int log)
    {
        long start = RowStart(n, inner);
        float lse = RowLogSumExp(x, start, n, inner);
        for (int c = Group.IdxX, threads = Group.DimX; c < n; c += threads)
        {
            long at = start + (long)c * inner;
            y[at] = log != 0 ? x[at] - lse : XMath.Exp(x[at] - lse);
        }
    }

    /// <summary>
    /// From y = softmax (or log_softmax) and its gradient g:
    ///   softmax:     dx = y * (g - sum_c g_c y_c)
    ///   log_softmax: dx = g - exp(y) * sum_c g_c
    /// </summary>
    public static void Backward(ArrayView<float> y, ArrayView<float> g, ArrayView<float> dx, int outer, int n, int inner, int log)
    {
        long start = RowStart(n, inner);
        int t = Group.IdxX, threads = Group.DimX;
        float s = 0f;
        for (int c = t; c < n; c += threads)
        {
            long at = start + (long)c * inner;
            s += log != 0 ? g[at] : g[at] * y[at];
        }

        s = GroupReduce.Sum(s);
        for (int c = t; c < n; c += threads)
        {
            long at = start + (long)c * inner;
            dx[at] = log != 0 ? g[at] - XMath.Exp(y[at]) * s : y[at] * (g[at] - s);
        }
    }

    /// <summary>The first element of this group's row (row = grid X) in a [outer, n, inner] tensor.</summary>
    internal static long RowStart(int n, int inner) => (long)(Grid.IdxX / inner) * n * inner + Grid.IdxX % inner;

    /// <summary>log(sum_c exp(x_c)) of the row at <paramref name="start"/>, stable; -inf when every element is -inf.</summary>
    internal static float RowLogSumExp(ArrayView<float> x, long start, int n, int stride)
    {
        int t = Group.IdxX, threads = Group.DimX;
        float m = float.NegativeInfinity;
        for (int c = t; c < n; c += threads)
        {
            m = XMath.Max(m, x[start + (long)c * stride]);
        }

        m = GroupReduce.Max(m);
        float s = 0f;
        for (int c = t; c < n; c += threads)
        {
            s += XMath.Exp(x[start + (long)c * stride] - m);
        }

        s = GroupReduce.Sum(s);
        return m == float.NegativeInfinity ? m : m + XMath.Log(s);
    }
}
