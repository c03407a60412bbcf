using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Cross entropy over x (N, C, S) (S = 1 for (N, C)) at class targets (N, S), forward and backward side by side: from
/// logits (the fused log_softmax + nll_loss) or from log-probabilities (nll_loss alone, lse = 0). The same formulas
/// as the device kernels (Ilgpu/CrossEntropyKernels). For a row (n, s) with target t, class weights w (all 1 when
/// empty), W = sum_k w_k and smoothing eps:
///   lse        = log sum_k exp x_k                       (fromLogits; else 0)
///   loss       = (1 - eps) w_t (lse - x_t) + eps / C * sum_k w_k (lse - x_k)
///   rowWeight  = w_t                                      (both 0 when t is ignoreIndex)
///   dx_k       = g (p_k ((1 - eps) w_t + eps / C * W) - (1 - eps) w_t [k == t] - eps / C * w_k),   p = exp(x - lse)
/// With S > 1 the classes of a row are S apart, so both passes run along s, a block of positions at a time, one class
/// plane after another (unit stride, vectorised); with S = 1 a row is contiguous and runs as one.
/// Targets must be in range or ignoreIndex (the caller checks).
/// </summary>
public static class CrossEntropyKernels
{
    private const int Block = 256; // positions per plane block: a few KiB of scratch per thread

    // x (N, C, S), targets (N, S), classWeights (C) or empty → losses, rowWeights, lse: (N, S)
    public static unsafe void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> targets, ReadOnlySpan<T> classWeights,
        int n, int c, int s, long ignoreIndex, double labelSmoothing, bool fromLogits, Span<T> losses, Span<T> rowWeights, Span<T> lse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = T.CreateTruncating(labelSmoothing), epsPerClass = eps / T.CreateTruncating(c), keep = T.One - eps;
        fixed (T* px = x, pw = classWeights, pl = losses, prw = rowWeights, pse = lse)
        fixed (long* pt = targets)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var wb = new RawBuffer<T>(pw, classWeights.Length);
            var tb = new RawBuffer<long>(pt, targets.Length);
            var lb = new RawBuffer<T>(pl, losses.Length);
            var rwb = new RawBuffer<T>(prw, rowWeights.Length);
            var lseb = new RawBuffer<T>(pse, lse.Length);
            T weightTotal = wb.Length == 0 ? T.CreateTruncating(c) : TensorPrimitives.Sum<T>(wb.Span);
            int blocks = (s + Block - 1) / Block;
            CpuParallel.For((long)n * blocks, (long)c * Math.Min(s, Block) * 4, (start, end) =>
            {
                Span<T> scratch = stackalloc T[Block];
                Span<T> weighted = stackalloc T[Block]; // sum_k w_k x_k per position, for the smoothing term
                for (long item = start; item < end; item++)
                {
                    int image = (int)(item / blocks), s0 = (int)(item % blocks) * Block, len = Math.Min(Block, s - s0);
                    long rowStart = (long)image * s + s0, planeStart = (long)image * c * s + s0;
                    var rowLse = lseb.Slice(rowStart, len);
                    if (!fromLogits)
                    {
                        rowLse.Clear();
                    }
                    else if (s == 1)
                    {
                        rowLse[0] = LogSumExp(xb.Slice(planeStart, c));
                    }
                    else
                    {
                        PlaneLogSumExp(xb, planeStart, c, s, rowLse, scratch[..len]);
                    }

                    var smooth = weighted[..len];
                    smooth.Clear();
                    if (eps != T.Zero && s == 1)
                    {
                        var row = xb.Slice(planeStart, c);
                        smooth[0] = wb.Length == 0 ? TensorPrimitives.Sum<T>(row) : TensorPrimitives.Dot<T>(row, wb.Span);
                    }
                    else if (eps != T.Zero)
                    {
                        for (int k = 0; k < c; k++)
                        {
                            var plane = xb.Slice(planeStart + (long)k * s, len);
                            TensorPrimitives.MultiplyAdd(plane, wb.Length == 0 ? T.One : wb[k], smooth, smooth);
                        }
                    }

                    for (int i = 0; i < len; i++)
                    {
                        long t = tb[rowStart + i];
                        if (t == ignoreIndex)
                        {
                            lb[rowStart + i] = T.Zero;
                            rwb[rowStart + i] = T.Zero;
                            continue;
                        }

                        T wt = wb.Length == 0 ? T.One : wb[t], l = rowLse[i];
                        T nll = wt * (l - xb[planeStart + t * s + i]);
                        lb[rowStart + i] = keep * nll + epsPerClass * (l * weightTotal - smooth[i]);
                        rwb[rowStart + i] = wt;
                    }
                }
            });
        }
    }

    // gradLosses: one upstream value per row (perRow) or one for every row → dx (N, C, S)
    public static unsafe void Backward<T>(ReadOnlySpan<T> gradLosses, bool perRow, ReadOnlySpan<T> x, ReadOnlySpan<T> lse,
        ReadOnlySpan<long> targets, ReadOnlySpan<T> classWeights, int n, int c, int s, long ignoreIndex, double labelSmoothing,
        bool fromLogits, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = T.CreateTruncating(labelSmoothing), epsPerClass = eps / T.CreateTruncating(c), keep = T.One - eps;
        fixed (T* pg = gradLosses, px = x, pse = lse, pw = classWeights, pd = dx)
        fixed (long* pt = targets)
        {
            var gb = new RawBuffer<T>(pg, gradLosses.Length);
            var xb = new RawBuffer<T>(px, x.Length);
            var lseb = new RawBuffer<T>(pse, lse.Length);
            var wb = new RawBuffer<T>(pw, classWeights.Length);
            var tb = new RawBuffer<long>(pt, targets.Length);
            var db = new RawBuffer<T>(pd, dx.Length);
            T weightTotal = wb.Length == 0 ? T.CreateTruncating(c) : TensorPrimitives.Sum<T>(wb.Span);
            int blocks = (s + Block - 1) / Block;
            CpuParallel.For((long)n * blocks, (long)c * Math.Min(s, Block) * 4, (start, end) =>
            {
                Span<T> probabilityScale = stackalloc T[Block]; // g (w_t (1 - eps) + eps / C * W), 0 where ignored
                Span<T> smoothScale = stackalloc T[Block];      // g eps / C, 0 where ignored
                for (long item = start; item < end; item++)
                {
                    int image = (int)(item / blocks), s0 = (int)(item % blocks) * Block, len = Math.Min(Block, s - s0);
                    long rowStart = (long)image * s + s0, planeStart = (long)image * c * s + s0;
                    var pScale = probabilityScale[..len];
                    var sScale = smoothScale[..len];
                    for (int i = 0; i < len; i++)
                    {
                        long t = tb[rowStart + i];
                        T g = t == ignoreIndex ? T.Zero : gb[perRow ? rowStart + i : 0];
                        T wt = t == ignoreIndex ? T.Zero : wb.Length == 0 ? T.One : wb[t];
                        pScale[i] = g * (keep * wt + epsPerClass * weightTotal);
                        sScale[i] = g * epsPerClass;
                    }

                    var rowLse = lseb.Slice(rowStart, len);
                    if (s == 1)
                    {
                        RowBackward(xb.Slice(planeStart, c), rowLse[0], pScale[0], sScale[0], wb, fromLogits, db.Slice(planeStart, c));
                    }

                    for (int k = 0; k < c && s > 1; k++)
                    {
                        var d = db.Slice(planeStart + (long)k * s, len);
                        if (fromLogits)
                        {
                            TensorPrimitives.Subtract(xb.Slice(planeStart + (long)k * s, len), rowLse, d);
                            TensorPrimitives.Exp<T>(d, d);
                            TensorPrimitives.Multiply<T>(d, pScale, d);
                        }
                        else
                        {
                            d.Clear();
                        }

                        if (eps != T.Zero)
                        {
                            TensorPrimitives.MultiplyAdd(sScale, -(wb.Length == 0 ? T.One : wb[k]), d, d);
                        }
                    }

                    for (int i = 0; i < len; i++)
                    {
                        long t = tb[rowStart + i];
                        if (t != ignoreIndex)
                        {
                            T g = gb[perRow ? rowStart + i : 0];
                            db[planeStart + t * s + i] -= g * keep * (wb.Length == 0 ? T.One : wb[t]);
                        }
                    }
                }
            });
        }
    }

    // dx_k = pScale exp(x_k - lse) - sScale w_k of one contiguous row (the target's term is the caller's)
    private static void RowBackward<T>(ReadOnlySpan<T> x, T lse, T pScale, T sScale, RawBuffer<T> w, bool fromLogits, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (fromLogits)
        {
            TensorPrimitives.Subtract(x, lse, d);
            TensorPrimitives.Exp<T>(d, d);
            TensorPrimitives.Multiply(d, pScale, d);
        }
        else
        {
            d.Clear();
        }

        if (sScale == T.Zero)
        {
            return;
        }

        if (w.Length == 0)
        {
            TensorPrimitives.Subtract(d, sScale, d);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(w.Span, -sScale, d, d);
        }
    }

    // log sum_k exp x_k of a contiguous row, shifted by its max (a row of -inf gives -inf, not NaN)
    private static T LogSumExp<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(row);
        if (T.IsNegativeInfinity(max))
        {
            return max;
        }

        T sum = T.Zero;
        foreach (var v in row)
        {
            sum += T.Exp(v - max);
        }

        return max + T.Log(sum);
    }

    // lse over C planes S apart, for the len positions starting at planeStart; scratch holds len values
    private static void PlaneLogSumExp<T>(RawBuffer<T> x, long planeStart, int c, int s, Span<T> lse, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int len = lse.Length;
        var max = lse; // the running max lives in the output until the sum is taken
        x.Slice(planeStart, len).CopyTo(max);
        for (int k = 1; k < c; k++)
        {
            TensorPrimitives.Max(max, x.Slice(planeStart + (long)k * s, len), max);
        }

        for (int i = 0; i < len; i++)
        {
            if (T.IsNegativeInfinity(max[i]))
            {
                max[i] = T.Zero; // every class -inf: exp gives 0 and lse -inf, as the contiguous row
            }
        }

        Span<T> sum = stackalloc T[len];
        sum.Clear();
        for (int k = 0; k < c; k++)
        {
            TensorPrimitives.Subtract(x.Slice(planeStart + (long)k * s, len), max, scratch);
            TensorPrimitives.Exp<T>(scratch, scratch);
            TensorPrimitives.Add<T>(sum, scratch, sum);
        }

        TensorPrimitives.Log<T>(sum, sum);
        TensorPrimitives.Add<T>(max, sum, lse);
    }
}
