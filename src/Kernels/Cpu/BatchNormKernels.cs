using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// batch_norm over (N, C, S): (N, C) is S = 1, (N, C, L) is S = L, (N, C, H, W) is S = H*W. Statistics are per
/// channel over N*S values. PyTorch semantics: training normalises with the biased batch variance, stores mean and
/// invstd = 1/sqrt(var + eps) for backward, and moves running_var toward the UNBIASED variance (M/(M-1)).
/// gamma/beta empty means affine=False. Per-channel sums accumulate in double.
/// <para>Batch norm followed by a ReLU runs as one op when the caller passes reluScale and reluShift (C each): forward
/// writes relu(x·scale + shift) in the same pass and keeps each channel's scale and shift there; backward recomputes
/// x·scale + shift from the x it keeps anyway and passes dy only where that is positive, as ReLU's backward does
/// with its output. Neither the normalised map nor the ReLU's output is kept, and the ReLU's two passes are gone.</para>
/// </summary>
public static class BatchNormKernels
{
    // x: (N, C, S), gamma/beta: (C) or empty → y: (N, C, S), saveMean/saveInvstd: (C).
    // runningMean/runningVar: (C) or empty; updated as r = (1-momentum)*r + momentum*batchStat.
    // reluScale/reluShift: (C) or empty; given, y = relu(batch_norm(x)) and the channels' scale and shift land there.
    public static unsafe void ForwardTraining<T>(ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, double eps, Span<T> y, Span<T> saveMean, Span<T> saveInvstd,
        Span<T> runningMean, Span<T> runningVar, double momentum, Span<T> reluScale = default, Span<T> reluShift = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x, n, c, spatial, gamma, beta, y);
        bool rectify = CheckRelu<T>(reluScale, reluShift, c);
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

        fixed (T* px = x, pg = gamma, pb = beta, py = y, pm = saveMean, pi = saveInvstd, prm = runningMean, prv = runningVar,
               prs = reluScale, prh = reluShift)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var bb = new RawBuffer<T>(pb, beta.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var mb = new RawBuffer<T>(pm, c);
            var ib = new RawBuffer<T>(pi, c);
            var rmb = new RawBuffer<T>(prm, runningMean.Length);
            var rvb = new RawBuffer<T>(prv, runningVar.Length);
            var rsb = new RawBuffer<T>(prs, reluScale.Length);
            var rhb = new RawBuffer<T>(prh, reluShift.Length);
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
                    ScaleShiftPlanes(xb, yb, n, c, spatial, ch, T.CreateTruncating(scale), T.CreateTruncating(shift), rectify, rsb, rhb);
                }
            });
        }
    }

    // Eval mode: x: (N, C, S) normalised with running statistics → y: (N, C, S); reluScale/reluShift as in training.
    public static unsafe void ForwardInference<T>(ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVar, double eps, Span<T> y,
        Span<T> reluScale = default, Span<T> reluShift = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(x, n, c, spatial, gamma, beta, y);
        bool rectify = CheckRelu<T>(reluScale, reluShift, c);
        Conv2dKernels.CheckLength(runningMean, c, "runningMean");
        Conv2dKernels.CheckLength(runningVar, c, "runningVar");
        fixed (T* px = x, pg = gamma, pb = beta, py = y, prm = runningMean, prv = runningVar, prs = reluScale, prh = reluShift)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var bb = new RawBuffer<T>(pb, beta.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var rmb = new RawBuffer<T>(prm, c);
            var rvb = new RawBuffer<T>(prv, c);
            var rsb = new RawBuffer<T>(prs, reluScale.Length);
            var rhb = new RawBuffer<T>(prh, reluShift.Length);
            CpuParallel.For(c, 2L * n * spatial, (s, e) =>
            {
                for (long ch = s; ch < e; ch++)
                {
                    double invstd = 1.0 / Math.Sqrt(double.CreateTruncating(rvb[ch]) + eps);
                    double scale = invstd * (gb.Length > 0 ? double.CreateTruncating(gb[ch]) : 1.0);
                    double shift = (bb.Length > 0 ? double.CreateTruncating(bb[ch]) : 0.0) - double.CreateTruncating(rmb[ch]) * scale;
                    ScaleShiftPlanes(xb, yb, n, c, spatial, ch, T.CreateTruncating(scale), T.CreateTruncating(shift), rectify, rsb, rhb);
                }
            });
        }
    }

    // Training-mode backward. dy, x: (N, C, S); saveMean/saveInvstd from ForwardTraining; gamma (C) or empty (= 1).
    // Outputs (each may be empty to skip): dx (N, C, S); dGamma, dBeta (C). reluScale/reluShift: what a rectified
    // forward kept, or empty; given, dy is the ReLU's output gradient and passes only where x·scale + shift > 0.
    //   dBeta = sum dy,  dGamma = sum dy * xhat,  dx = gamma*invstd * (dy - dBeta/M - xhat * dGamma/M)
    public static void BackwardTraining<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> saveMean, ReadOnlySpan<T> saveInvstd, Span<T> dx, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> reluScale = default, ReadOnlySpan<T> reluShift = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Backward(dy, x, n, c, spatial, gamma, saveMean, saveInvstd, training: true, dx, dGamma, dBeta, reluScale, reluShift);

    // Eval-mode backward (statistics are constants): dx = dy * gamma * invstd. Pass the running mean as mean and
    // 1/sqrt(running_var + eps) as invstd.
    public static void BackwardInference<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> invstd, Span<T> dx, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> reluScale = default, ReadOnlySpan<T> reluShift = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Backward(dy, x, n, c, spatial, gamma, mean, invstd, training: false, dx, dGamma, dBeta, reluScale, reluShift);

    private static unsafe void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int n, int c, int spatial,
        ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> invstd, bool training, Span<T> dx, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> reluScale, ReadOnlySpan<T> reluShift)
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

        bool rectified = CheckRelu(reluScale, reluShift, c);
        long count = (long)n * spatial;
        fixed (T* pdy = dy, px = x, pg = gamma, pm = mean, pi = invstd, pdx = dx, pdg = dGamma, pdb = dBeta, prs = reluScale, prh = reluShift)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var xb = new RawBuffer<T>(px, x.Length);
            var gb = new RawBuffer<T>(pg, gamma.Length);
            var mb = new RawBuffer<T>(pm, c);
            var ib = new RawBuffer<T>(pi, c);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            var dgb = new RawBuffer<T>(pdg, dGamma.Length);
            var dbb = new RawBuffer<T>(pdb, dBeta.Length);
            var rsb = new RawBuffer<T>(prs, reluScale.Length);
            var rhb = new RawBuffer<T>(prh, reluShift.Length);
            CpuParallel.For(c, 4 * count, (s, e) =>
            {
                for (long ch = s; ch < e; ch++)
                {
                    var planes = new ChannelPlanes<T>(dyb, xb, dxb, n, c, spatial, ch);
                    if (rectified)
                    {
                        BackwardChannel(planes, new ReluGate<T>(rsb[ch], rhb[ch]), gb, mb, ib, dgb, dbb, count, training);
                    }
                    else
                    {
                        BackwardChannel(planes, new OpenGate<T>(), gb, mb, ib, dgb, dbb, count, training);
                    }
                }
            });
        }
    }

    // One channel's backward: the sums over its N planes, then dx plane by plane. TGate says which dy pass.
    private static void BackwardChannel<T, TGate>(ChannelPlanes<T> planes, TGate gate, RawBuffer<T> gamma, RawBuffer<T> mean,
        RawBuffer<T> invstd, RawBuffer<T> dGamma, RawBuffer<T> dBeta, long count, bool training)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGate : struct, IGradientGate<T>
    {
        long ch = planes.Channel;
        T m = mean[ch];
        double inv = double.CreateTruncating(invstd[ch]);
        double sumDy = 0, dotp = 0; // dotp = sum dy * (x - mean)
        for (int i = 0; i < planes.Count; i++)
        {
            var (planeSum, planeDot) = SumAndDotCentered(planes.X(i), m, planes.Dy(i), gate);
            sumDy += double.CreateTruncating(planeSum);
            dotp += double.CreateTruncating(planeDot);
        }

        if (dBeta.Length > 0)
        {
            dBeta[ch] = T.CreateTruncating(sumDy);
        }

        if (dGamma.Length > 0)
        {
            dGamma[ch] = T.CreateTruncating(dotp * inv);
        }

        if (!planes.HasDx)
        {
            return;
        }

        double w = gamma.Length > 0 ? double.CreateTruncating(gamma[ch]) : 1.0;
        // dx = (dy - gradMean - (x - mean) * k) * invstd * w; eval mode has no batch-statistics terms.
        T a = T.CreateTruncating(inv * w);
        T gradMean = training ? T.CreateTruncating(sumDy / count) : T.Zero;
        T k = training ? T.CreateTruncating(dotp * inv * inv / count) : T.Zero;
        for (int i = 0; i < planes.Count; i++)
        {
            BackwardPlane(planes.Dy(i), planes.X(i), m, gradMean, k, a, planes.Dx(i), gate);
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

    // true when a ReLU follows: both spans have C elements; both empty means none
    private static bool CheckRelu<T>(ReadOnlySpan<T> reluScale, ReadOnlySpan<T> reluShift, int c)
    {
        if (reluScale.IsEmpty && reluShift.IsEmpty)
        {
            return false;
        }

        Conv2dKernels.CheckLength(reluScale, c, "reluScale");
        Conv2dKernels.CheckLength(reluShift, c, "reluShift");
        return true;
    }

    // y = x * scale + shift, or relu of it (whose scale and shift are then kept for backward)
    private static void ScaleShiftPlanes<T>(RawBuffer<T> x, RawBuffer<T> y, int n, int c, int spatial, long ch, T scale, T shift,
        bool rectify, RawBuffer<T> reluScale, RawBuffer<T> reluShift)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rectify)
        {
            reluScale[ch] = scale;
            reluShift[ch] = shift;
        }

        for (long i = 0; i < n; i++)
        {
            long off = (i * c + ch) * spatial;
            ScaleShiftPlane<T>(x.Slice(off, spatial), scale, shift, rectify, y.Slice(off, spatial));
        }
    }

    // y = x * scale + shift (rounded after the product, as ReluGate recomputes it), then max(·, 0) with NaN kept
    // when rectifying (PyTorch's relu)
    private static void ScaleShiftPlane<T>(ReadOnlySpan<T> x, T scale, T shift, bool rectify, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vs = new Vector<T>(scale);
            var vh = new Vector<T>(shift);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = (new Vector<T>(x[i..]) * vs) + vh;
                if (rectify)
                {
                    v = Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero) | ~Vector.Equals(v, v), v, Vector<T>.Zero);
                }

                v.CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            T v = (x[i] * scale) + shift;
            y[i] = rectify && !(v > T.Zero) && !T.IsNaN(v) ? T.Zero : v;
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

    // (sum gate(dy), sum (x - mean) * gate(dy)) over one plane
    private static (T Sum, T Dot) SumAndDotCentered<T, TGate>(ReadOnlySpan<T> x, T mean, ReadOnlySpan<T> dy, TGate gate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGate : struct, IGradientGate<T>
    {
        int i = 0;
        T sum = T.Zero, dot = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vm = new Vector<T>(mean);
            Vector<T> sums = Vector<T>.Zero, dots = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var xv = new Vector<T>(x[i..]);
                var g = gate.Pass(xv, new Vector<T>(dy[i..]));
                sums += g;
                dots += (xv - vm) * g;
            }

            sum = Vector.Sum(sums);
            dot = Vector.Sum(dots);
        }

        for (; i < x.Length; i++)
        {
            T g = gate.Pass(x[i], dy[i]);
            sum += g;
            dot += (x[i] - mean) * g;
        }

        return (sum, dot);
    }

    // dx = (gate(dy) - gradMean - (x - mean) * k) * a
    private static void BackwardPlane<T, TGate>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, T mean, T gradMean, T k, T a, Span<T> dx, TGate gate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGate : struct, IGradientGate<T>
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
                var xv = new Vector<T>(x[i..]);
                var r = (gate.Pass(xv, new Vector<T>(dy[i..])) - vg - ((xv - vm) * vk)) * va;
                r.CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = (gate.Pass(x[i], dy[i]) - gradMean - ((x[i] - mean) * k)) * a;
        }
    }

    /// <summary>The N planes of one channel in dy, x and dx (N, C, S).</summary>
    private readonly struct ChannelPlanes<T>(RawBuffer<T> dy, RawBuffer<T> x, RawBuffer<T> dx, int n, int c, int spatial, long channel)
        where T : unmanaged
    {
        public long Channel => channel;

        public int Count => n;

        public bool HasDx => dx.Length > 0;

        public Span<T> Dy(int i) => dy.Slice(Offset(i), spatial);

        public Span<T> X(int i) => x.Slice(Offset(i), spatial);

        public Span<T> Dx(int i) => dx.Slice(Offset(i), spatial);

        private long Offset(int i) => ((i * (long)c) + channel) * spatial;
    }

    /// <summary>Which part of the output gradient reaches batch norm's output.</summary>
    private interface IGradientGate<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> Pass(Vector<T> x, Vector<T> dy);

        T Pass(T x, T dy);
    }

    /// <summary>Plain batch norm: all of it.</summary>
    private readonly struct OpenGate<T> : IGradientGate<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Pass(Vector<T> x, Vector<T> dy) => dy;

        public T Pass(T x, T dy) => dy;
    }

    /// <summary>
    /// Batch norm then ReLU: dy where the normalised x·scale + shift is positive (computed as the forward computed it,
    /// so the same elements pass as ReLU's backward would pass by its output), 0 elsewhere and at NaN.
    /// </summary>
    private readonly struct ReluGate<T>(T scale, T shift) : IGradientGate<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Vector<T> scales = new(scale), shifts = new(shift);

        public Vector<T> Pass(Vector<T> x, Vector<T> dy)
            => Vector.ConditionalSelect(Vector.GreaterThan((x * scales) + shifts, Vector<T>.Zero), dy, Vector<T>.Zero);

        public T Pass(T x, T dy) => (x * scale) + shift > T.Zero ? dy : T.Zero;
    }
}
