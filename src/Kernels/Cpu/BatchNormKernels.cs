using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// batch_norm over (N, C, S): (N, C) is S = 1, (N, C, L) is S = L, (N, C, H, W) is S = H*W. Statistics are per
/// channel over N*S values. PyTorch semantics: training normalises with the biased batch variance, stores mean and
/// invstd = 1/sqrt(var + eps) for backward, and moves running_var toward the UNBIASED variance (M/(M-1)).
/// gamma/beta empty means affine=False. Per-channel sums accumulate in double.
/// </summary>
public static class BatchNormKernels
{
    // x: (N, C, S), gamma/beta: (C) or empty → y: (N, C, S), saveMean/saveInvstd: (C).
    // runningMean/runningVar: (C) or empty; updated as r = (1-momentum)*r + momentum*batchStat.
    public static unsafe void ForwardTraining<T>(ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, double eps, Span<T> y, Span<T> saveMean, Span<T> saveInvstd,
        Span<T> runningMean, Span<T> runningVar, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x, n, c, spatial, gamma, beta, y);
        Conv2dKernels.CheckLength<T>(saveMean, c, "saveMean");
        Conv2dKernels.CheckLength<T>(saveInvstd, c, "saveInvstd");
        if (runningMean.Length != runningVar.Length || (!runningMean.IsEmpty && runningMean.Length != c))
        {
            throw new ArgumentException("batch_norm: runningMean and runningVar must both be empty or both have C elements");
        }

        long count = (long)n * spatial;
        if (count <= 1)
        {
            // PyTorch: "Expected more than 1 value per channel when training".
            throw new ArgumentException($"batch_norm: expected more than 1 value per channel when training, got {count}");
        }

        fixed (T* px = x, pg = gamma, pb = beta, py = y, pm = saveMean, pi = saveInvstd, prm = runningMean, prv = runningVar)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var bb = new RawBuffer<T>(pb, beta.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var mb = new RawBuffer<T>(pm, c);
            var ib = new RawBuffer<T>(pi, c);
            var rmb = new RawBuffer<T>(prm, runningMean.Length);
            var rvb = new RawBuffer<T>(prv, runningVar.Length);
            CpuParallel.For(c, 4 * count, (s, e) =>
            {
                for (long ch = s; ch < e; ch++)
                {
                    // Two passes (mean, then squared deviations): no cancellation when |mean| >> std.
                    double sum = 0;
                    for (long i = 0; i < n; i++)
                    {
                        sum += double.CreateTruncating(TensorPrimitives.Sum<T>(xb.Slice((i * c + ch) * spatial, spatial)));
                    }

                    double mean = sum / count;
                    T meanT = T.CreateTruncating(mean);
                    double sq = 0;
                    for (long i = 0; i < n; i++)
                    {
                        sq += double.CreateTruncating(SumSquaredDeviation<T>(xb.Slice((i * c + ch) * spatial, spatial), meanT));
                    }

                    double var = sq / count;
                    double invstd = 1.0 / Math.Sqrt(var + eps);
                    mb[ch] = meanT;
                    ib[ch] = T.CreateTruncating(invstd);
                    if (rmb.Length > 0)
                    {
                        rmb[ch] = T.CreateTruncating((1 - momentum) * double.CreateTruncating(rmb[ch]) + momentum * mean);
                        rvb[ch] = T.CreateTruncating((1 - momentum) * double.CreateTruncating(rvb[ch]) + momentum * var * count / (count - 1));
                    }

                    // y = x * scale + shift with scale = gamma*invstd, shift = beta - mean*scale.
                    double scale = invstd * (gb.Length > 0 ? double.CreateTruncating(gb[ch]) : 1.0);
                    double shift = (bb.Length > 0 ? double.CreateTruncating(bb[ch]) : 0.0) - mean * scale;
                    ScaleShiftPlanes(xb, yb, n, c, spatial, ch, T.CreateTruncating(scale), T.CreateTruncating(shift));
                }
            });
        }
    }

    // Eval mode: x: (N, C, S) normalised with running statistics → y: (N, C, S).
    public static unsafe void ForwardInference<T>(ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVar, double eps, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x, n, c, spatial, gamma, beta, y);
        Conv2dKernels.CheckLength(runningMean, c, "runningMean");
        Conv2dKernels.CheckLength(runningVar, c, "runningVar");
        fixed (T* px = x, pg = gamma, pb = beta, py = y, prm = runningMean, prv = runningVar)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var bb = new RawBuffer<T>(pb, beta.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var rmb = new RawBuffer<T>(prm, c);
            var rvb = new RawBuffer<T>(prv, c);
            CpuParallel.For(c, 2L * n * spatial, (s, e) =>
            {
                for (long ch = s; ch < e; ch++)
                {
                    double invstd = 1.0 / Math.Sqrt(double.CreateTruncating(rvb[ch]) + eps);
                    double scale = invstd * (gb.Length > 0 ? double.CreateTruncating(gb[ch]) : 1.0);
                    double shift = (bb.Length > 0 ? double.CreateTruncating(bb[ch]) : 0.0) - double.CreateTruncating(rmb[ch]) * scale;
                    ScaleShiftPlanes(xb, yb, n, c, spatial, ch, T.CreateTruncating(scale), T.CreateTruncating(shift));
                }
            });
        }
    }

    // Training-mode backward. dy, x: (N, C, S); saveMean/saveInvstd from ForwardTraining; gamma (C) or empty (= 1).
    // Outputs (each may be empty to skip): dx (N, C, S); dGamma, dBeta (C).
    //   dBeta = sum dy,  dGamma = sum dy * xhat,  dx = gamma*invstd * (dy - dBeta/M - xhat * dGamma/M)
    public static void BackwardTraining<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> saveMean, ReadOnlySpan<T> saveInvstd, Span<T> dx, Span<T> dGamma, Span<T> dBeta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Backward(dy, x, n, c, spatial, gamma, saveMean, saveInvstd, training: true, dx, dGamma, dBeta);

    // Eval-mode backward (statistics are constants): dx = dy * gamma * invstd. Pass the running mean as mean and
    // 1/sqrt(running_var + eps) as invstd.
    public static void BackwardInference<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> invstd, Span<T> dx, Span<T> dGamma, Span<T> dBeta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Backward(dy, x, n, c, spatial, gamma, mean, invstd, training: false, dx, dGamma, dBeta);

    private static unsafe void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> invstd, bool training, Span<T> dx, Span<T> dGamma, Span<T> dBeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long total = (long)n * c * spatial;
        Conv2dKernels.CheckLength(dy, total, "dy");
        Conv2dKernels.CheckLength(x, total, "x");
        Conv2dKernels.CheckLength(mean, c, "mean");
        Conv2dKernels.CheckLength(invstd, c, "invstd");
        if (!gamma.IsEmpty)
        {
            Conv2dKernels.CheckLength(gamma, c, "gamma");
        }

        if (!dx.IsEmpty)
        {
            Conv2dKernels.CheckLength<T>(dx, total, "dx");
        }

        if (!dGamma.IsEmpty)
        {
            Conv2dKernels.CheckLength<T>(dGamma, c, "dGamma");
        }

        if (!dBeta.IsEmpty)
        {
            Conv2dKernels.CheckLength<T>(dBeta, c, "dBeta");
        }

        long count = (long)n * spatial;
        fixed (T* pdy = dy, px = x, pg = gamma, pm = mean, pi = invstd, pdx = dx, pdg = dGamma, pdb = dBeta)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var mb = new RawBuffer<T>(pm, c);
            var ib = new RawBuffer<T>(pi, c);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            var dgb = new RawBuffer<T>(pdg, dGamma.Length);
            var dbb = new RawBuffer<T>(pdb, dBeta.Length);
            CpuParallel.For(c, 4 * count, (s, e) =>
            {
                for (long ch = s; ch < e; ch++)
                {
                    T m = mb[ch];
                    double inv = double.CreateTruncating(ib[ch]);
                    double sumDy = 0, dotp = 0; // dotp = sum dy * (x - mean)
                    for (long i = 0; i < n; i++)
                    {
                        long off = (i * c + ch) * spatial;
                        var dyp = dyb.Slice(off, spatial);
                        sumDy += double.CreateTruncating(TensorPrimitives.Sum<T>(dyp));
                        dotp += double.CreateTruncating(DotCentered<T>(xb.Slice(off, spatial), m, dyp));
                    }

                    if (dbb.Length > 0)
                    {
                        dbb[ch] = T.CreateTruncating(sumDy);
                    }

                    if (dgb.Length > 0)
                    {
                        dgb[ch] = T.CreateTruncating(dotp * inv);
                    }

                    if (dxb.Length == 0)
                    {
                        continue;
                    }

                    double w = gb.Length > 0 ? double.CreateTruncating(gb[ch]) : 1.0;
                    // dx = (dy - gradMean - (x - mean) * k) * invstd * w; eval mode has no batch-statistics terms.
                    T a = T.CreateTruncating(inv * w);
                    T gradMean = training ? T.CreateTruncating(sumDy / count) : T.Zero;
                    T k = training ? T.CreateTruncating(dotp * inv * inv / count) : T.Zero;
                    for (long i = 0; i < n; i++)
                    {
                        long off = (i * c + ch) * spatial;
                        BackwardPlane<T>(dyb.Slice(off, spatial), xb.Slice(off, spatial), m, gradMean, k, a, dxb.Slice(off, spatial));
                    }
                }
            });
        }
    }

    private static void CheckShapes<T>(ReadOnlySpan<T> x, int n, int c, int spatial, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y)
    {
        long total = (long)n * c * spatial;
        Conv2dKernels.CheckLength(x, total, "x");
        Conv2dKernels.CheckLength<T>(y, total, "y");
        if (!gamma.IsEmpty)
        {
            Conv2dKernels.CheckLength(gamma, c, "gamma");
        }

        if (!beta.IsEmpty)
        {
            Conv2dKernels.CheckLength(beta, c, "beta");
        }
    }

    private static void ScaleShiftPlanes<T>(RawBuffer<T> x, RawBuffer<T> y, int n, int c, int spatial, long ch, T scale, T shift)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (long i = 0; i < n; i++)
        {
            long off = (i * c + ch) * spatial;
            var src = x.Slice(off, spatial);
            var dst = y.Slice(off, spatial);
            TensorPrimitives.Multiply(src, scale, dst);
            TensorPrimitives.Add(dst, shift, dst);
        }
    }

    // sum (x - mean)^2
    private static T SumSquaredDeviation<T>(ReadOnlySpan<T> x, T mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T s = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vm = new Vector<T>(mean);
            var acc = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var d = new Vector<T>(x[i..]) - vm;
                acc += d * d;
            }

            s = Vector.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            T d = x[i] - mean;
            s += d * d;
        }

        return s;
    }

    // sum (x - mean) * dy
    private static T DotCentered<T>(ReadOnlySpan<T> x, T mean, ReadOnlySpan<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T s = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vm = new Vector<T>(mean);
            var acc = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                acc += (new Vector<T>(x[i..]) - vm) * new Vector<T>(dy[i..]);
            }

            s = Vector.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            s += (x[i] - mean) * dy[i];
        }

        return s;
    }

    // dx = (dy - gradMean - (x - mean) * k) * a
    private static void BackwardPlane<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, T mean, T gradMean, T k, T a, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vm = new Vector<T>(mean);
            var vg = new Vector<T>(gradMean);
            var vk = new Vector<T>(k);
            var va = new Vector<T>(a);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var r = (new Vector<T>(dy[i..]) - vg - ((new Vector<T>(x[i..]) - vm) * vk)) * va;
                r.CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = (dy[i] - gradMean - ((x[i] - mean) * k)) * a;
        }
    }
}
