using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Kernels;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    // conv2d as im2col + batched GEMM against a direct 7-loop convolution in double; stride 2, padding 1, dilation 2,
    // odd sizes. col2im is checked exactly against a direct scatter of the column matrix. Tolerance 1e-5 + 1e-4 rel.
    [BackendFact]
    public void Conv2d_AsIm2ColPlusGemm_AndCol2Im_MatchDirectReference()
    {
        const int n = 2, c = 3, h = 9, w = 7, oc = 4, kh = 3, kw = 2, pad = 1, stride = 2, dil = 2;
        const int oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1, ow = (w + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
        const int ckk = c * kh * kw, ohw = oh * ow;
        var x = Random(n * c * h * w, 70);
        var weight = Random(oc * ckk, 71);
        using var dx = Upload(x);
        using var dwt = Upload(weight);
        using var col = Poisoned(n * ckk * ohw);
        using var y = Poisoned(n * oc * ohw);
        var g = new Conv2dGeometry(n, c, h, w, oc, kh, kw, stride, stride, pad, pad, dil, dil);
        K.Im2Col(col, dx, g, 0, n);
        K.SgemmStridedBatched(false, false, oc, ohw, ckk, 1f, dwt, ckk, 0, col, ohw, (long)ckk * ohw, 0f, y, ohw, (long)oc * ohw, n);
        var expected = new double[n * oc * ohw];
        for (int b = 0; b < n; b++)
        {
            for (int o = 0; o < oc; o++)
            {
                for (int i = 0; i < oh; i++)
                {
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = 0;
                        for (int ci = 0; ci < c; ci++)
                        {
                            for (int a = 0; a < kh; a++)
                            {
                                for (int bb = 0; bb < kw; bb++)
                                {
                                    int ih = i * stride - pad + a * dil, iw = j * stride - pad + bb * dil;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                    {
                                        sum += (double)x[((b * c + ci) * h + ih) * w + iw] * weight[(o * c + ci) * kh * kw + a * kw + bb];
                                    }
                                }
                            }
                        }

                        expected[((b * oc + o) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }

        AssertClose(expected, y.ToArray<float>(), 1e-5, 1e-4, "conv2d");

        // col2im: scatter-add the column matrix back, directly.
        var colValues = Random(n * ckk * ohw, 72);
        using var dcol = Upload(colValues);
        using var image = Poisoned(n * c * h * w);
        K.Col2Im(image, dcol, g, 0, n);
        var eImage = new double[n * c * h * w];
        for (int row = 0; row < n * ckk; row++)
        {
            int bb = row % kw, a = row / kw % kh, nc = row / (kw * kh);
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    int ih = i * stride - pad + a * dil, iw = j * stride - pad + bb * dil;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                    {
                        eImage[(nc * h + ih) * w + iw] += colValues[(row * oh + i) * ow + j];
                    }
                }
            }
        }

        AssertClose(eImage, image.ToArray<float>(), 1e-6, 1e-5, "col2im");
    }

    // Double reference; tolerance 1e-5 abs + 1e-4 rel. HW = 35 and N*HW = 105 < 256 and C = 3 channels; a second
    // shape with N*HW = 600 covers the multi-pass loops.
    [BackendFact]
    public void BatchNorm_TrainEvalBackward_MatchReference()
    {
        foreach (var (n, c, hw) in new[] { (3, 3, 35), (4, 2, 150) })
        {
            int count = n * hw;
            var x = Random(n * c * hw, 80, -2f, 3f);
            var gamma = Random(c, 81, 0.5f, 1.5f);
            var beta = Random(c, 82);
            var rm = Random(c, 83);
            var rv = Random(c, 84, 0.5f, 2f);
            var dy = Random(x.Length, 85);
            using var dx = Upload(x);
            using var dg = Upload(gamma);
            using var db = Upload(beta);
            using var drm = Upload(rm);
            using var drv = Upload(rv);
            using var y = Poisoned(x.Length);
            using var mean = Poisoned(c);
            using var invstd = Poisoned(c);
            K.BatchNormForwardTrain(y, mean, invstd, drm, drv, dx, dg, db, n, c, hw, 0.1f, 1e-5f);
            using var ddy = Upload(dy);
            using var gx = Poisoned(x.Length);
            using var gg = Poisoned(c);
            using var gb = Poisoned(c);
            K.BatchNormBackward(gx, gg, gb, ddy, dx, dg, mean, invstd, n, c, hw);
            using var yEval = Poisoned(x.Length);
            K.BatchNormForwardEval(yEval, dx, drm, drv, dg, db, n, c, hw, 1e-5f);

            var eY = new double[x.Length];
            var eGx = new double[x.Length];
            var eYEval = new double[x.Length];
            var eRm = new double[c];
            var eRv = new double[c];
            var eGg = new double[c];
            var eGb = new double[c];
            int Index(int b, int ch, int j) => (b * c + ch) * hw + j;
            for (int ch = 0; ch < c; ch++)
            {
                double mu = 0, var = 0;
                for (int b = 0; b < n; b++)
                {
                    for (int j = 0; j < hw; j++)
                    {
                        mu += x[Index(b, ch, j)];
                    }
                }

                mu /= count;
                for (int b = 0; b < n; b++)
                {
                    for (int j = 0; j < hw; j++)
                    {
                        var += Math.Pow(x[Index(b, ch, j)] - mu, 2);
                    }
                }

                var /= count;
                double inv = 1 / Math.Sqrt(var + 1e-5);
                eRm[ch] = 0.9 * rm[ch] + 0.1 * mu;
                eRv[ch] = 0.9 * rv[ch] + 0.1 * var * count / (count - 1);
                double sumDy = 0, sumDyXhat = 0;
                for (int b = 0; b < n; b++)
                {
                    for (int j = 0; j < hw; j++)
                    {
                        int k = Index(b, ch, j);
                        double xhat = (x[k] - mu) * inv;
                        eY[k] = xhat * gamma[ch] + beta[ch];
                        sumDy += dy[k];
                        sumDyXhat += dy[k] * xhat;
                    }
                }

                eGg[ch] = sumDyXhat;
                eGb[ch] = sumDy;
                double evalInv = 1 / Math.Sqrt(eRv[ch] + 1e-5);
                for (int b = 0; b < n; b++)
                {
                    for (int j = 0; j < hw; j++)
                    {
                        int k = Index(b, ch, j);
                        double xhat = (x[k] - mu) * inv;
                        eGx[k] = gamma[ch] * inv / count * (count * dy[k] - sumDy - xhat * sumDyXhat);
                        eYEval[k] = (x[k] - eRm[ch]) * evalInv * gamma[ch] + beta[ch];
                    }
                }
            }

            AssertClose(eY, y.ToArray<float>(), 1e-5, 1e-4, "bn train out");
            AssertClose(eRm, drm.ToArray<float>(), 1e-6, 1e-5, "running mean");
            AssertClose(eRv, drv.ToArray<float>(), 1e-6, 1e-5, "running var (unbiased)");
            AssertClose(eGx, gx.ToArray<float>(), 1e-5, 1e-4, "bn dx");
            AssertClose(eGg, gg.ToArray<float>(), 1e-4, 1e-4, "bn dweight");
            AssertClose(eGb, gb.ToArray<float>(), 1e-4, 1e-4, "bn dbias");
            AssertClose(eYEval, yEval.ToArray<float>(), 1e-5, 1e-4, "bn eval");
        }
    }

    // Window geometry as torch with ceil_mode=True: H 7, W 8, kernel 3, stride 2, padding 1 -> OH 4, OW 5
    // (the last window starts inside the padded input). Max is exact; avg tolerance 1e-6 + 1e-5 rel.
    [BackendFact]
    public void Pooling_MaxWithIndicesAndAvgBothPadModes_ForwardBackwardMatchReference()
    {
        const int n = 2, c = 3, h = 7, w = 8, k = 3, s = 2, p = 1, oh = 4, ow = 5;
        var x = Random(n * c * h * w, 90);
        var dy = Random(n * c * oh * ow, 91);
        using var dx = Upload(x);
        using var ddy = Upload(dy);
        using var y = Poisoned(dy.Length);
        using var idx = K.Backend.Allocate(DType.Int64, dy.Length);
        using var gx = Poisoned(x.Length);
        var g = new Pool2dGeometry(n, c, h, w, k, k, s, s, p, p, ceilMode: true);
        Assert.Equal((oh, ow), (g.OutH, g.OutW));
        K.MaxPool2dForward(g, dx, y, idx);
        K.MaxPool2dBackward(g, ddy, idx, gx);
        var eY = new float[dy.Length];
        var eIdx = new long[dy.Length];
        var eGx = new float[x.Length];
        for (int plane = 0; plane < n * c; plane++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    float best = float.NegativeInfinity;
                    long at = -1;
                    for (int a = 0; a < k; a++)
                    {
                        for (int b = 0; b < k; b++)
                        {
                            int ih = i * s - p + a, iw = j * s - p + b;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w && (at < 0 || x[plane * h * w + ih * w + iw] > best))
                            {
                                best = x[plane * h * w + ih * w + iw];
                                at = ih * w + iw;
                            }
                        }
                    }

                    int o = (plane * oh + i) * ow + j;
                    eY[o] = best;
                    eIdx[o] = at;
                    eGx[plane * h * w + at] += dy[o];
                }
            }
        }

        AssertClose(eY, y.ToArray<float>(), 0, 0, "maxpool");
        Assert.Equal(eIdx, idx.ToArray<long>());
        AssertClose(eGx, gx.ToArray<float>(), 1e-6, 1e-5, "maxpool backward");

        foreach (var includePad in new[] { true, false })
        {
            using var ya = Poisoned(dy.Length);
            using var ga = Poisoned(x.Length);
            K.AvgPool2dForward(g, dx, ya, includePad);
            K.AvgPool2dBackward(g, ddy, ga, includePad);
            var eA = new double[dy.Length];
            var eGa = new double[x.Length];
            for (int plane = 0; plane < n * c; plane++)
            {
                for (int i = 0; i < oh; i++)
                {
                    for (int j = 0; j < ow; j++)
                    {
                        int h0 = i * s - p, w0 = j * s - p;
                        int h1 = Math.Min(h0 + k, h + p), w1 = Math.Min(w0 + k, w + p);
                        int divisor = (h1 - h0) * (w1 - w0);
                        h0 = Math.Max(h0, 0);
                        w0 = Math.Max(w0, 0);
                        h1 = Math.Min(h1, h);
                        w1 = Math.Min(w1, w);
                        if (!includePad)
                        {
                            divisor = (h1 - h0) * (w1 - w0);
                        }

                        int o = (plane * oh + i) * ow + j;
                        double sum = 0;
                        for (int ih = h0; ih < h1; ih++)
                        {
                            for (int iw = w0; iw < w1; iw++)
                            {
                                sum += x[plane * h * w + ih * w + iw];
                                eGa[plane * h * w + ih * w + iw] += dy[o] / (double)divisor;
                            }
                        }

                        eA[o] = sum / divisor;
                    }
                }
            }

            AssertClose(eA, ya.ToArray<float>(), 1e-6, 1e-5, $"avgpool includePad={includePad}");
            AssertClose(eGa, ga.ToArray<float>(), 1e-6, 1e-5, $"avgpool backward includePad={includePad}");
        }
    }

    // 5x6 -> 8x13 (non-integer scales), nearest and bilinear with both align_corners; backward is checked as the
    // exact adjoint of the reference forward. Tolerance 1e-5 abs + 1e-5 rel.
    [BackendFact]
    public void Upsample_NearestAndBilinear_ForwardBackwardMatchReference()
    {
        const int n = 2, c = 2, h = 5, w = 6, oh = 8, ow = 13;
        var x = Random(n * c * h * w, 100);
        var dy = Random(n * c * oh * ow, 101);
        using var dx = Upload(x);
        using var ddy = Upload(dy);
        foreach (var mode in new[] { "nearest", "bilinear-false", "bilinear-true" })
        {
            // Reference as a list of (output, input, weight) taps.
            var taps = new List<(int O, int I, double W)>();
            for (int plane = 0; plane < n * c; plane++)
            {
                for (int i = 0; i < oh; i++)
                {
                    for (int j = 0; j < ow; j++)
                    {
                        int o = (plane * oh + i) * ow + j;
                        if (mode == "nearest")
                        {
                            int si = Math.Min((int)MathF.Floor(i * ((float)h / oh)), h - 1), sj = Math.Min((int)MathF.Floor(j * ((float)w / ow)), w - 1);
                            taps.Add((o, plane * h * w + si * w + sj, 1));
                            continue;
                        }

                        bool align = mode == "bilinear-true";
                        float Source(int dst, int inSize, int outSize) => align
                            ? (outSize > 1 ? (float)(inSize - 1) / (outSize - 1) : 0f) * dst
                            : Math.Max(((float)inSize / outSize) * (dst + 0.5f) - 0.5f, 0f);
                        float sy = Source(i, h, oh), sx = Source(j, w, ow);
                        int y0 = (int)sy, x0 = (int)sx, y1 = y0 + (y0 < h - 1 ? 1 : 0), x1 = x0 + (x0 < w - 1 ? 1 : 0);
                        double ly = sy - y0, lx = sx - x0;
                        taps.Add((o, plane * h * w + y0 * w + x0, (1 - ly) * (1 - lx)));
                        taps.Add((o, plane * h * w + y0 * w + x1, (1 - ly) * lx));
                        taps.Add((o, plane * h * w + y1 * w + x0, ly * (1 - lx)));
                        taps.Add((o, plane * h * w + y1 * w + x1, ly * lx));
                    }
                }
            }

            var eY = new double[dy.Length];
            var eGx = new double[x.Length];
            foreach (var (o, i, wt) in taps)
            {
                eY[o] += wt * x[i];
                eGx[i] += wt * dy[o];
            }

            using var y = Poisoned(dy.Length);
            using var gx = Poisoned(x.Length);
            if (mode == "nearest")
            {
                K.UpsampleNearest2dForward(y, dx, n, c, h, w, oh, ow);
                K.UpsampleNearest2dBackward(gx, ddy, n, c, h, w, oh, ow);
            }
            else
            {
                K.UpsampleBilinear2dForward(y, dx, n, c, h, w, oh, ow, mode == "bilinear-true");
                K.UpsampleBilinear2dBackward(gx, ddy, n, c, h, w, oh, ow, mode == "bilinear-true");
            }

            AssertClose(eY, y.ToArray<float>(), 1e-5, 1e-5, mode);
            AssertClose(eGx, gx.ToArray<float>(), 1e-5, 1e-5, mode + " backward");
        }
    }
}
