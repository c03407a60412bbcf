using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Fused parameter updates on the CPU, the twins of Ilgpu/OptimizerKernels: one pass over the parameter, its gradient
/// and its state instead of one pass per tensor op, which is what a memory-bound update costs (ResNet18's 11 M
/// parameters: 5 streams of 45 MB instead of 11). PyTorch's rules (torch.optim.SGD / Adam / AdamW, foreach=False,
/// amsgrad=False, maximize=False), each product rounded on its own as the unfused ops round it.
/// </summary>
public static class OptimizerKernels
{
    private const int Chunk = 1 << 14; // elements per parallel share: 64 KiB of float32 per stream

    /// <summary>
    /// d = g + wd p; buf = firstStep ? d : momentum buf + (1 - dampening) d; d = nesterov ? d + momentum buf : buf;
    /// p -= lr d. With momentum 0: p -= lr d and buf (may be empty) is untouched.
    /// </summary>
    public static unsafe void Sgd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, double lr, double momentum,
        double dampening, double weightDecay, bool nesterov, bool firstStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(param.Length, grad.Length);
        if (momentum != 0)
        {
            CheckLengths(param.Length, momentumBuffer.Length);
        }

        T rate = T.CreateTruncating(lr), mu = T.CreateTruncating(momentum), keep = T.CreateTruncating(1 - dampening),
            decay = T.CreateTruncating(weightDecay);
        fixed (T* pp = param, pg = grad, pb = momentumBuffer)
        {
            var pb0 = new RawBuffer<T>(pp, param.Length);
            var gb0 = new RawBuffer<T>(pg, grad.Length);
            var bb0 = new RawBuffer<T>(pb, momentumBuffer.Length);
            ForChunks(param.Length, 8, (start, length) =>
            {
                var p = pb0.Slice(start, length);
                var g = gb0.Slice(start, length);
                var buf = momentum != 0 ? bb0.Slice(start, length) : default;
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var vRate = new Vector<T>(rate);
                    var vMu = new Vector<T>(mu);
                    var vKeep = new Vector<T>(keep);
                    var vDecay = new Vector<T>(decay);
                    for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
                    {
                        var vp = new Vector<T>(p[i..]);
                        var d = new Vector<T>(g[i..]);
                        if (weightDecay != 0)
                        {
                            d += vDecay * vp;
                        }

                        if (momentum != 0)
                        {
                            var vb = firstStep ? d : vMu * new Vector<T>(buf[i..]) + vKeep * d;
                            vb.CopyTo(buf[i..]);
                            d = nesterov ? d + vMu * vb : vb;
                        }

                        (vp - vRate * d).CopyTo(p[i..]);
                    }
                }

                for (; i < length; i++)
                {
                    T d = g[i];
                    if (weightDecay != 0)
                    {
                        d += decay * p[i];
                    }

                    if (momentum != 0)
                    {
                        T b = firstStep ? d : mu * buf[i] + keep * d;
                        buf[i] = b;
                        d = nesterov ? d + mu * b : b;
                    }

                    p[i] -= rate * d;
                }
            });
        }
    }

    /// <summary>
    /// Adam (decoupled false: the L2 penalty joins the gradient) or AdamW (decoupled: p *= 1 - lr wd), then
    ///   m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g²;   p -= stepSize m / (sqrt(v) / biasCorrection2Sqrt + eps)
    /// with stepSize = lr / (1 - beta1^t) and biasCorrection2Sqrt = sqrt(1 - beta2^t), taken in double by the caller.
    /// </summary>
    public static unsafe void Adam<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, double lr, double beta1,
        double beta2, double eps, double weightDecay, bool decoupled, double stepSize, double biasCorrection2Sqrt)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(param.Length, grad.Length);
        CheckLengths(param.Length, expAvg.Length);
        CheckLengths(param.Length, expAvgSq.Length);
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2), oneMinusB1 = T.CreateTruncating(1 - beta1),
            oneMinusB2 = T.CreateTruncating(1 - beta2), epsilon = T.CreateTruncating(eps), step = T.CreateTruncating(stepSize),
            correction = T.CreateTruncating(biasCorrection2Sqrt), decay = T.CreateTruncating(weightDecay),
            shrink = T.CreateTruncating(1 - lr * weightDecay);
        bool l2 = weightDecay != 0 && !decoupled, shrinks = weightDecay != 0 && decoupled;
        fixed (T* pp = param, pg = grad, pm = expAvg, pv = expAvgSq)
        {
            var pb0 = new RawBuffer<T>(pp, param.Length);
            var gb0 = new RawBuffer<T>(pg, grad.Length);
            var mb0 = new RawBuffer<T>(pm, expAvg.Length);
            var vb0 = new RawBuffer<T>(pv, expAvgSq.Length);
            ForChunks(param.Length, 16, (start, length) =>
            {
                var p = pb0.Slice(start, length);
                var g = gb0.Slice(start, length);
                var m = mb0.Slice(start, length);
                var v = vb0.Slice(start, length);
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
                    {
                        var vp = new Vector<T>(p[i..]);
                        var vg = new Vector<T>(g[i..]);
                        if (shrinks)
                        {
                            vp *= shrink;
                        }
                        else if (l2)
                        {
                            vg += decay * vp;
                        }

                        var vm = new Vector<T>(m[i..]) * b1 + vg * oneMinusB1;
                        var vv = new Vector<T>(v[i..]) * b2 + vg * vg * oneMinusB2;
                        vm.CopyTo(m[i..]);
                        vv.CopyTo(v[i..]);
                        var denominator = Vector.SquareRoot(vv) / new Vector<T>(correction) + new Vector<T>(epsilon);
                        (vp - step * (vm / denominator)).CopyTo(p[i..]);
                    }
                }

                for (; i < length; i++)
                {
                    T pi = p[i], gi = g[i];
                    if (shrinks)
                    {
                        pi *= shrink;
                    }
                    else if (l2)
                    {
                        gi += decay * pi;
                    }

                    m[i] = m[i] * b1 + gi * oneMinusB1;
                    v[i] = v[i] * b2 + gi * gi * oneMinusB2;
                    p[i] = pi - step * (m[i] / (T.Sqrt(v[i]) / correction + epsilon));
                }
            });
        }
    }

    // body(start, length) over [0, count) in chunks, the chunks shared among the workers
    private static void ForChunks(int count, int costPerElement, Action<int, int> body)
    {
        int chunks = (count + Chunk - 1) / Chunk;
        CpuParallel.For(chunks, (long)Chunk * costPerElement, (first, last) =>
        {
            for (long c = first; c < last; c++)
            {
                int start = (int)c * Chunk;
                body(start, Math.Min(Chunk, count - start));
            }
        });
    }

    private static void CheckLengths(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"optimizer step: a state or gradient of {actual} elements for a parameter of {expected}");
        }
    }
}
