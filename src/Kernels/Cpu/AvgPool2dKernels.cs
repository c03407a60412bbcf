using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// avg_pool2d with kernel, stride, padding, ceil_mode, count_include_pad and divisor_override, as PyTorch's CPU
/// kernel: a window's divisor with count_include_pad is its size clipped to [-pad, in + pad) (so the part a
/// ceil_mode window hangs past the right padding does not count), without it the number of real input elements;
/// divisor_override replaces both. A window with no real element outputs 0. Dilation must be 1.
/// </summary>
public static class AvgPool2dKernels
{
    // x: (N, C, H, W) → y: (N, C, OH, OW)
    public static unsafe void Forward<T>(Pool2dGeometry g, ReadOnlySpan<T> x, Span<T> y, bool countIncludePad = true, int? divisorOverride = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g, divisorOverride);
        Conv2dKernels.CheckLength(x, g.InputLength, "x");
        Conv2dKernels.CheckLength<T>(y, g.OutputLength, "y");
        int hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        fixed (T* px = x, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)g.N * g.Channels, (long)ohw * g.KernelH * g.KernelW, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    var yp = yb.Slice(p * ohw, ohw);
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        for (int ow = 0; ow < g.OutW; ow++)
                        {
                            var (h0, h1, w0, w1, divisor) = Window(g, oh, ow, countIncludePad, divisorOverride);
                            if (divisor == 0)
                            {
                                yp[oh * g.OutW + ow] = T.Zero;
                                continue;
                            }

                            T sum = T.Zero;
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    sum += xp[ih * g.InW + iw];
                                }
                            }

                            yp[oh * g.OutW + ow] = sum / T.CreateTruncating(divisor);
                        }
                    }
                }
            });
        }
    }

    // dy: (N, C, OH, OW) → dx: (N, C, H, W); each dy / divisor spread over its window's real elements.
    public static unsafe void Backward<T>(Pool2dGeometry g, ReadOnlySpan<T> dy, Span<T> dx, bool countIncludePad = true, int? divisorOverride = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g, divisorOverride);
        Conv2dKernels.CheckLength(dy, g.OutputLength, "dy");
        Conv2dKernels.CheckLength<T>(dx, g.InputLength, "dx");
        int hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        fixed (T* pdy = dy, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)g.N * g.Channels, (long)ohw * g.KernelH * g.KernelW, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var dxp = dxb.Slice(p * hw, hw);
                    var dyp = dyb.Slice(p * ohw, ohw);
                    dxp.Clear();
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        for (int ow = 0; ow < g.OutW; ow++)
                        {
                            var (h0, h1, w0, w1, divisor) = Window(g, oh, ow, countIncludePad, divisorOverride);
                            if (divisor == 0)
                            {
                                continue;
                            }

                            T grad = dyp[oh * g.OutW + ow] / T.CreateTruncating(divisor);
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    dxp[ih * g.InW + iw] += grad;
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    // Real-element window [h0,h1) x [w0,w1) of output (oh, ow) and its divisor (0 when the window is empty).
    private static (int H0, int H1, int W0, int W1, int Divisor) Window(Pool2dGeometry g, int oh, int ow, bool countIncludePad, int? divisorOverride)
    {
        int h0 = oh * g.StrideH - g.PadH, w0 = ow * g.StrideW - g.PadW;
        int h1 = Math.Min(h0 + g.KernelH, g.InH + g.PadH), w1 = Math.Min(w0 + g.KernelW, g.InW + g.PadW);
        int poolSize = (h1 - h0) * (w1 - w0);
        h0 = Math.Max(h0, 0);
        w0 = Math.Max(w0, 0);
        h1 = Math.Min(h1, g.InH);
        w1 = Math.Min(w1, g.InW);
        if (h0 >= h1 || w0 >= w1)
        {
            return (h0, h1, w0, w1, 0);
        }

        int divisor = divisorOverride ?? (countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
        return (h0, h1, w0, w1, divisor);
    }

    private static void Check(Pool2dGeometry g, int? divisorOverride)
    {
        if (g.DilationH != 1 || g.DilationW != 1)
        {
            throw new ArgumentException("avg_pool2d has no dilation");
        }

        if (divisorOverride is <= 0)
        {
            throw new ArgumentException("avg_pool2d: divisor must be not zero");
        }
    }
}
