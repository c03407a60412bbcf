using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// adaptive_avg_pool2d / adaptive_max_pool2d: output cell (oh, ow) covers rows [floor(oh*H/OH), ceil((oh+1)*H/OH))
/// and the same for columns (<see cref="ConvGeometry.AdaptiveWindow"/>). Max returns flat h*W + w indices and
/// propagates NaN, as PyTorch.
/// </summary>
public static class AdaptivePool2dKernels
{
    // x: (N, C, H, W) → y: (N, C, OH, OW), mean of each window
    public static unsafe void AvgForward<T>(ReadOnlySpan<T> x, int n, int c, int inH, int inW, Span<T> y, int outH, int outW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, n, c, inH, inW, y, outH, outW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* px = x, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)n * c, hw + ohw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    var yp = yb.Slice(p * ohw, ohw);
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var (h0, h1) = ConvGeometry.AdaptiveWindow(oh, inH, outH);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            var (w0, w1) = ConvGeometry.AdaptiveWindow(ow, inW, outW);
                            T sum = T.Zero;
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    sum += xp[ih * inW + iw];
                                }
                            }

                            yp[oh * outW + ow] = sum / T.CreateTruncating((h1 - h0) * (w1 - w0));
                        }
                    }
                }
            });
        }
    }

    // dy: (N, C, OH, OW) → dx: (N, C, H, W)
    public static unsafe void AvgBackward<T>(ReadOnlySpan<T> dy, int n, int c, int inH, int inW, Span<T> dx, int outH, int outW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dx, n, c, inH, inW, dy, outH, outW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* pdy = dy, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)n * c, hw + ohw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var dxp = dxb.Slice(p * hw, hw);
                    var dyp = dyb.Slice(p * ohw, ohw);
                    dxp.Clear();
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var (h0, h1) = ConvGeometry.AdaptiveWindow(oh, inH, outH);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            var (w0, w1) = ConvGeometry.AdaptiveWindow(ow, inW, outW);
                            T grad = dyp[oh * outW + ow] / T.CreateTruncating((h1 - h0) * (w1 - w0));
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    dxp[ih * inW + iw] += grad;
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    // x: (N, C, H, W) → y: (N, C, OH, OW), indices: (N, C, OH, OW) or empty
    public static unsafe void MaxForward<T>(ReadOnlySpan<T> x, int n, int c, int inH, int inW, Span<T> y, Span<int> indices, int outH, int outW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, n, c, inH, inW, y, outH, outW);
        if (!indices.IsEmpty)
        {
            Conv2dKernels.CheckLength<int>(indices, y.Length, "indices");
        }

        int hw = inH * inW, ohw = outH * outW;
        fixed (T* px = x, py = y)
        fixed (int* pi = indices)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var ib = new RawBuffer<int>(pi, indices.Length);
            CpuParallel.For((long)n * c, hw + ohw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var (h0, h1) = ConvGeometry.AdaptiveWindow(oh, inH, outH);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            var (w0, w1) = ConvGeometry.AdaptiveWindow(ow, inW, outW);
                            int maxIndex = h0 * inW + w0;
                            T maxVal = T.NegativeInfinity;
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    T v = xp[ih * inW + iw];
                                    if (v > maxVal || T.IsNaN(v))
                                    {
                                        maxVal = v;
                                        maxIndex = ih * inW + iw;
                                    }
                                }
                            }

                            yb[p * ohw + oh * outW + ow] = maxVal;
                            if (ib.Length > 0)
                            {
                                ib[p * ohw + oh * outW + ow] = maxIndex;
                            }
                        }
                    }
                }
            });
        }
    }

    // dy: (N, C, OH, OW), indices from MaxForward → dx: (N, C, H, W)
    public static void MaxBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, int n, int c, int inH, int inW, Span<T> dx, int outH, int outW)
        where T : unmanaged, IFloatingPointIeee754<T>
        => MaxPool2dKernels.ScatterByIndex(n * c, outH * outW, inH * inW, dy, indices, dx);

    private static void Check<T>(ReadOnlySpan<T> big, int n, int c, int inH, int inW, ReadOnlySpan<T> small, int outH, int outW)
    {
        if (inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"adaptive pool: sizes must be positive (in {inH}x{inW}, out {outH}x{outW})");
        }

        Conv2dKernels.CheckLength(big, (long)n * c * inH * inW, "input-shaped buffer");
        Conv2dKernels.CheckLength(small, (long)n * c * outH * outW, "output-shaped buffer");
    }
}
