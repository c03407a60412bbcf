using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Direct loops for depthwise conv2d (groups == C, one input channel per group, K = C * multiplier):
/// every group's GEMM would be a 1-row matrix, so im2col would only add memory traffic.
/// Output channel k reads input channel k / multiplier. Called through <see cref="Conv2dKernels"/>.
/// </summary>
internal static class DepthwiseConv2d
{
    // x: (N, C, H, W), weight: (K, 1, KH, KW), bias: (K) or empty → y: (N, K, OH, OW)
    public static unsafe void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, k = g.OutChannels, mult = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        fixed (T* px = x, pw = weight, pb = bias, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var bb = new RawBuffer<T>(pb, bias.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)g.N * k, (long)kk * ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    long n = idx / k;
                    int oc = (int)(idx % k);
                    var xp = xb.Slice((n * c + oc / mult) * hw, hw);
                    var yp = yb.Slice(idx * ohw, ohw);
                    yp.Fill(bb.Length > 0 ? bb[oc] : T.Zero);
                    for (int i = 0; i < g.KernelH; i++)
                    {
                        var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
                        for (int j = 0; j < g.KernelW; j++)
                        {
                            T wv = wb[(long)oc * kk + i * g.KernelW + j];
                            var (lo, hi) = ConvGeometry.ValidOutputRange(g.OutW, g.InW, g.StrideW, g.PadW, j * g.DilationW);
                            if (hi <= lo)
                            {
                                continue;
                            }

                            int iw0 = lo * g.StrideW - g.PadW + j * g.DilationW;
                            for (int oh = hLo; oh < hHi; oh++)
                            {
                                int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                                var xr = xp.Slice(ih * g.InW, g.InW);
                                var yr = yp.Slice(oh * g.OutW, g.OutW);
                                if (g.StrideW == 1)
                                {
                                    var d = yr[lo..hi];
                                    TensorPrimitives.MultiplyAdd(xr.Slice(iw0, hi - lo), wv, d, d);
                                }
                                else
                                {
                                    for (int ow = lo, iw = iw0; ow < hi; ow++, iw += g.StrideW)
                                    {
                                        yr[ow] += wv * xr[iw];
                                    }
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    // dy: (N, K, OH, OW), weight: (K, 1, KH, KW) → dx: (N, C, H, W); one input plane gathers its `mult` output planes.
    public static unsafe void BackwardInput<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, k = g.OutChannels, mult = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)g.N * c, (long)mult * kk * ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    long n = idx / c;
                    int ic = (int)(idx % c);
                    var dxp = dxb.Slice(idx * hw, hw);
                    dxp.Clear();
                    for (int m = 0; m < mult; m++)
                    {
                        int oc = ic * mult + m;
                        var dyp = dyb.Slice((n * k + oc) * ohw, ohw);
                        for (int i = 0; i < g.KernelH; i++)
                        {
                            var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
                            for (int j = 0; j < g.KernelW; j++)
                            {
                                T wv = wb[(long)oc * kk + i * g.KernelW + j];
                                var (lo, hi) = ConvGeometry.ValidOutputRange(g.OutW, g.InW, g.StrideW, g.PadW, j * g.DilationW);
                                if (hi <= lo)
                                {
                                    continue;
                                }

                                int iw0 = lo * g.StrideW - g.PadW + j * g.DilationW;
                                for (int oh = hLo; oh < hHi; oh++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                                    var dxr = dxp.Slice(ih * g.InW, g.InW);
                                    var dyr = dyp.Slice(oh * g.OutW, g.OutW);
                                    if (g.StrideW == 1)
                                    {
                                        var d = dxr.Slice(iw0, hi - lo);
                                        TensorPrimitives.MultiplyAdd(dyr[lo..hi], wv, d, d);
                                    }
                                    else
                                    {
                                        for (int ow = lo, iw = iw0; ow < hi; ow++, iw += g.StrideW)
                                        {
                                            dxr[iw] += wv * dyr[ow];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dWeight: (K, 1, KH, KW); one task per output channel, summing over N.
    public static unsafe void BackwardWeight<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, k = g.OutChannels, mult = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        fixed (T* px = x, pdy = dy, pdw = dWeight)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dwb = new RawBuffer<T>(pdw, dWeight.Length);
            CpuParallel.For(k, (long)g.N * kk * ohw, (s, e) =>
            {
                for (long oc = s; oc < e; oc++)
                {
                    for (int i = 0; i < g.KernelH; i++)
                    {
                        var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
                        for (int j = 0; j < g.KernelW; j++)
                        {
                            var (lo, hi) = ConvGeometry.ValidOutputRange(g.OutW, g.InW, g.StrideW, g.PadW, j * g.DilationW);
                            int iw0 = lo * g.StrideW - g.PadW + j * g.DilationW;
                            T acc = T.Zero;
                            for (long n = 0; n < g.N && hi > lo; n++)
                            {
                                var xp = xb.Slice((n * c + oc / mult) * hw, hw);
                                var dyp = dyb.Slice((n * k + oc) * ohw, ohw);
                                for (int oh = hLo; oh < hHi; oh++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                                    var xr = xp.Slice(ih * g.InW, g.InW);
                                    var dyr = dyp.Slice(oh * g.OutW, g.OutW);
                                    if (g.StrideW == 1)
                                    {
                                        acc += TensorPrimitives.Dot<T>(dyr[lo..hi], xr.Slice(iw0, hi - lo));
                                    }
                                    else
                                    {
                                        for (int ow = lo, iw = iw0; ow < hi; ow++, iw += g.StrideW)
                                        {
                                            acc += dyr[ow] * xr[iw];
                                        }
                                    }
                                }
                            }

                            dwb[oc * kk + i * g.KernelW + j] = acc;
                        }
                    }
                }
            });
        }
    }
}
