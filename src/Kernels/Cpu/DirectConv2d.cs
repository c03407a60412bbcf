using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// conv2d as direct plane loops (<see cref="PlaneCorrelation"/>) where im2col + GEMM would waste the GEMM:
/// depthwise convs (one input channel per group: every group's GEMM is a 1-row matrix) and convs with very few
/// output channels per group (SRCNN's 32→1 reconstruction layer: a 1-row GEMM over a column matrix 25× the input).
/// Output channel oc of group G = oc / Kg reads input channels G·Cg .. G·Cg + Cg - 1.
/// </summary>
internal static class DirectConv2d
{
    /// <summary>Up to this many output channels per group, a stride-1 dense conv runs here rather than as GEMM.</summary>
    private const int MaxOutPerGroup = 2;

    public static bool Applies(Conv2dGeometry g)
        => (g.Groups > 1 && g.InPerGroup == 1) || (g.OutPerGroup <= MaxOutPerGroup && g.StrideW == 1);

    // x: (N, C, H, W), weight: (K, C/G, KH, KW), bias: (K) or empty → y: (N, K, OH, OW); one task per output plane
    public static unsafe void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = g.OutChannels, cg = g.InPerGroup, kg = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        var taps = PlaneCorrelation.Taps(g);
        fixed (T* px = x, pw = weight, pb = bias, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var bb = new RawBuffer<T>(pb, bias.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)g.N * k, (long)cg * kk * ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    long n = idx / k;
                    int oc = (int)(idx % k), firstInput = oc / kg * cg;
                    var yp = yb.Slice(idx * ohw, ohw);
                    yp.Fill(bb.Length > 0 ? bb[oc] : T.Zero);
                    for (int ci = 0; ci < cg; ci++)
                    {
                        PlaneCorrelation.Forward<T>(g, taps, xb.Slice((n * g.InChannels + firstInput + ci) * hw, hw),
                            wb.Slice(((long)oc * cg + ci) * kk, kk), yp);
                    }
                }
            });
        }
    }

    // dy: (N, K, OH, OW), weight: (K, C/G, KH, KW) → dx: (N, C, H, W); one task per input plane, gathering its group's outputs
    public static unsafe void BackwardInput<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, k = g.OutChannels, cg = g.InPerGroup, kg = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        var taps = PlaneCorrelation.Taps(g);
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)g.N * c, (long)kg * kk * ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    long n = idx / c;
                    int ic = (int)(idx % c), group = ic / cg, ci = ic % cg;
                    var dxp = dxb.Slice(idx * hw, hw);
                    dxp.Clear();
                    for (int oc = group * kg; oc < (group + 1) * kg; oc++)
                    {
                        PlaneCorrelation.BackwardInput<T>(g, taps, dyb.Slice((n * k + oc) * ohw, ohw),
                            wb.Slice(((long)oc * cg + ci) * kk, kk), dxp);
                    }
                }
            });
        }
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dWeight: (K, C/G, KH, KW); one task per (oc, ci) kernel, summing over N
    public static unsafe void BackwardWeight<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, k = g.OutChannels, cg = g.InPerGroup, kg = g.OutPerGroup, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        int kk = g.KernelH * g.KernelW;
        var taps = PlaneCorrelation.Taps(g);
        dWeight.Clear();
        fixed (T* px = x, pdy = dy, pdw = dWeight)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dwb = new RawBuffer<T>(pdw, dWeight.Length);
            CpuParallel.For((long)k * cg, (long)g.N * kk * ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    int oc = (int)(idx / cg), ic = oc / kg * cg + (int)(idx % cg);
                    var dw = dwb.Slice(idx * kk, kk);
                    for (long n = 0; n < g.N; n++)
                    {
                        PlaneCorrelation.BackwardWeight<T>(g, taps, xb.Slice((n * c + ic) * hw, hw), dyb.Slice((n * k + oc) * ohw, ohw), dw);
                    }
                }
            });
        }
    }
}
