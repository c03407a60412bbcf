using IlgpuNet.Kernels;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    // Three steps of each rule against the same arithmetic in C# float; tolerance 1e-6 abs + 1e-5 rel.
    [BackendFact]
    public void SgdStep_MomentumNesterovWeightDecay_MatchesTorchRule()
    {
        const int n = 1031;
        var p = Random(n, 30);
        var buf = new float[n];
        using var dp = Upload(p);
        using var dbuf = Poisoned(n);  // the first step must initialize it without reading
        const float lr = 0.1f, momentum = 0.9f, dampening = 0.1f, wd = 0.01f;
        for (int step = 0; step < 3; step++)
        {
            var g = Random(n, 31 + step);
            using var dg = Upload(g);
            K.SgdStep(dp, dg, dbuf, n, lr, momentum, dampening, wd, nesterov: true, firstStep: step == 0);
            for (int i = 0; i < n; i++)
            {
                float d = g[i] + wd * p[i];
                buf[i] = step == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                d += momentum * buf[i];
                p[i] -= lr * d;
            }
        }

        AssertClose(p, dp.ToArray<float>(), 1e-6, 1e-5, "sgd param");
        AssertClose(buf, dbuf.ToArray<float>(), 1e-6, 1e-5, "sgd momentum buffer");
    }

    [BackendFact]
    public void AdamStep_AdamAndAdamW_MatchTorchRuleWithBiasCorrection()
    {
        const int n = 777;
        foreach (var decoupled in new[] { false, true })
        {
            var p = Random(n, 40);
            var m = new float[n];
            var v = new float[n];
            using var dp = Upload(p);
            using var dm = Upload(m);
            using var dv = Upload(v);
            const float lr = 1e-2f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.05f;
            for (int step = 1; step <= 3; step++)
            {
                var g = Random(n, 41 + step);
                using var dg = Upload(g);
                K.AdamStep(dp, dg, dm, dv, n, lr, b1, b2, eps, wd, decoupled, step);
                double bc1 = 1 - Math.Pow(b1, step), bc2 = 1 - Math.Pow(b2, step);
                for (int i = 0; i < n; i++)
                {
                    float gi = g[i];
                    if (decoupled)
                    {
                        p[i] *= 1 - lr * wd;
                    }
                    else
                    {
                        gi += wd * p[i];
                    }

                    m[i] += (1 - b1) * (gi - m[i]);
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    p[i] -= (float)(lr / bc1) * (m[i] / (MathF.Sqrt(v[i]) / (float)Math.Sqrt(bc2) + eps));
                }
            }

            AssertClose(p, dp.ToArray<float>(), 1e-6, 1e-5, $"adam param decoupled={decoupled}");
            AssertClose(m, dm.ToArray<float>(), 1e-7, 1e-5, "exp_avg");
            AssertClose(v, dv.ToArray<float>(), 1e-9, 1e-5, "exp_avg_sq");
        }
    }

    // Row-wise reference in double; tolerance 1e-5 abs + 1e-5 rel. C = 300 spans more than one 256-thread pass;
    // class weights, ignore_index and label smoothing together, from logits and from log-probabilities.
    [BackendFact]
    public void CrossEntropy_WeightsIgnoreIndexAndLabelSmoothing_ForwardBackwardMatchReference()
    {
        const int rows = 7, classes = 300;
        const float smoothing = 0.1f;
        const long ignore = -100;
        var logits = Random(rows * classes, 50, -4f, 4f);
        var classWeights = Random(classes, 54, 0.5f, 2f);
        long[] targets = [3, 299, ignore, 0, 150, 7, ignore];
        var dloss = Random(rows, 51);
        using var dl = Upload(logits);
        using var dw = Upload(classWeights);
        using var dt = UploadLong(targets);
        using var dlossBuf = Upload(dloss);
        foreach (var fromLogits in new[] { true, false })
        {
            using var losses = Poisoned(rows);
            using var rowWeights = Poisoned(rows);
            using var lse = Poisoned(rows);
            using var grad = Poisoned(rows * classes);
            K.CrossEntropyForward(losses, rowWeights, lse, dl, dt, dw, rows, classes, 1, ignore, smoothing, fromLogits);
            K.CrossEntropyBackward(grad, dlossBuf, 1, dl, lse, dt, dw, rows, classes, 1, ignore, smoothing, fromLogits);
            var eLoss = new double[rows];
            var eWeight = new double[rows];
            var eGrad = new double[rows * classes];
            double weightSum = classWeights.Sum(v => (double)v);
            for (int r = 0; r < rows; r++)
            {
                var row = logits.AsSpan(r * classes, classes).ToArray().Select(v => (double)v).ToArray();
                double max = row.Max(), logSum = fromLogits ? max + Math.Log(row.Sum(v => Math.Exp(v - max))) : 0;
                if (targets[r] == ignore)
                {
                    continue;
                }

                int t = (int)targets[r];
                double smooth = Enumerable.Range(0, classes).Sum(c => classWeights[c] * (logSum - row[c]));
                eLoss[r] = (1 - smoothing) * classWeights[t] * (logSum - row[t]) + smoothing / classes * smooth;
                eWeight[r] = classWeights[t];
                for (int c = 0; c < classes; c++)
                {
                    double p = fromLogits ? Math.Exp(row[c] - logSum) : 0;
                    eGrad[r * classes + c] = dloss[r] * (p * ((1 - smoothing) * classWeights[t] + smoothing / classes * weightSum)
                        - (c == t ? (1 - smoothing) * classWeights[t] : 0) - smoothing / classes * classWeights[c]);
                }
            }

            AssertClose(eLoss, losses.ToArray<float>(), 1e-5, 1e-5, $"loss fromLogits={fromLogits}");
            AssertClose(eWeight, rowWeights.ToArray<float>(), 0, 0, "row weights");
            AssertClose(eGrad, grad.ToArray<float>(), 1e-6, 1e-5, $"dx fromLogits={fromLogits}");
        }
    }

    // The softmax dim last ([outer 5, classes 259, inner 1]) and in the middle ([outer 2, classes 259, inner 3]).
    [BackendFact]
    public void Softmax_AndLogSoftmax_ForwardBackwardMatchReference()
    {
        const int classes = 259;
        foreach (var (outer, inner) in new[] { (5, 1), (2, 3) })
        {
            int n = outer * classes * inner;
            var x = Random(n, 52, -5f, 5f);
            var dy = Random(n, 53);
            using var dx = Upload(x);
            using var ddy = Upload(dy);
            foreach (var log in new[] { false, true })
            {
                using var y = Poisoned(n);
                using var grad = Poisoned(n);
                K.SoftmaxForward(y, dx, outer, classes, inner, log);
                K.SoftmaxBackward(grad, ddy, y, outer, classes, inner, log);
                var eY = new double[n];
                var eG = new double[n];
                for (int o = 0; o < outer; o++)
                {
                    for (int i = 0; i < inner; i++)
                    {
                        int At(int c) => (o * classes + c) * inner + i;
                        var row = Enumerable.Range(0, classes).Select(c => (double)x[At(c)]).ToArray();
                        double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
                        var p = row.Select(v => Math.Exp(v - lse)).ToArray();
                        double dot = Enumerable.Range(0, classes).Sum(c => dy[At(c)] * p[c]);
                        double sumDy = Enumerable.Range(0, classes).Sum(c => (double)dy[At(c)]);
                        for (int c = 0; c < classes; c++)
                        {
                            eY[At(c)] = log ? row[c] - lse : p[c];
                            eG[At(c)] = log ? dy[At(c)] - p[c] * sumDy : p[c] * (dy[At(c)] - dot);
                        }
                    }
                }

                AssertClose(eY, y.ToArray<float>(), 1e-5, 1e-5, $"softmax log={log} inner={inner}");
                AssertClose(eG, grad.ToArray<float>(), 1e-5, 1e-4, $"softmax backward log={log} inner={inner}");
            }
        }
    }

    // Bit-for-bit: the device Philox equals src/Kernels/Philox.cs, and the mask is the CPU's Bernoulli(1 - p) draw
    // (uniform < 1 - p compared in double) for a p whose 1 - p is not a float.
    [BackendFact]
    public void Dropout_MaskEqualsPhiloxCs_BitForBit_AndBackwardUsesIt()
    {
        const int n = 4099;
        const double p = 0.3;
        const ulong seed = 0x1234_5678_9ABC_DEF0, offset = 12345;
        var x = Random(n, 60);
        using var dx = Upload(x);
        using var y = Poisoned(n);
        using var mask = K.Backend.Allocate(DType.UInt8, n);
        K.DropoutForward(y, mask, dx, n, p, seed, offset);
        var expectedMask = Enumerable.Range(0, n).Select(i => (byte)((double)Philox.Uniform(seed, offset, i) < 1 - p ? 1 : 0)).ToArray();
        Assert.Equal(expectedMask, mask.ToArray<byte>());
        float scale = (float)(1.0 / (1 - p));
        AssertClose(x.Select((v, i) => expectedMask[i] == 1 ? v * scale : 0f).ToArray(), y.ToArray<float>(), 0, 0, "dropout out");

        var dy = Random(n, 61);
        using var ddy = Upload(dy);
        using var grad = Poisoned(n);
        K.DropoutBackward(grad, ddy, mask, n, p);
        AssertClose(dy.Select((v, i) => expectedMask[i] == 1 ? v * scale : 0f).ToArray(), grad.ToArray<float>(), 0, 0, "dropout backward");

        using var uniform = Poisoned(n);
        K.UniformFill(uniform, n, seed, offset);
        var expectedUniform = Enumerable.Range(0, n).Select(i => Philox.Uniform(seed, offset, i)).ToArray();
        Assert.Equal(expectedUniform, uniform.ToArray<float>());
    }
}
