using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// upsample / interpolate 2d by output size, PyTorch's CPU index formulas.
/// Scale: when the user gave scale_factor (and recompute_scale_factor is not set) PyTorch maps indices with
/// 1/scale_factor, not in/out; pass that scale_factor as <c>scaleH</c>/<c>scaleW</c> together with the output size
/// floor(in*scale). Null means "size was given": the ratio in/out is used. The two differ, e.g. in=5, scale=1.7 →
/// out=8, 1/1.7 = 0.588 vs 5/8 = 0.625.
/// nearest:  src = min(floor(dst * s), in-1), s computed in float (as PyTorch, also for double).
/// bilinear: align_corners: src = dst * (in-1)/(out-1) (0 when out == 1; the scale argument is ignored);
///           else src = max(s*(dst+0.5) - 0.5, 0); i0 = min(floor(src), in-1), i1 = i0 + (i0 < in-1),
///           lambda = clamp(src - i0, 0, 1); computed in T.
/// </summary>
public static class UpsampleKernels
{
    // x: (N, C, H, W) → y: (N, C, OH, OW)
    public static unsafe void NearestForward<T>(ReadOnlySpan<T> x, int n, int c, int inH, int inW, Span<T> y, int outH, int outW,
        double? scaleH = null, double? scaleW = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, n, c, inH, inW, y, outH, outW);
        int[] hIdx = NearestIndices(inH, outH, scaleH), wIdx = NearestIndices(inW, outW, scaleW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* px = x, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)n * c, ohw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    var yp = yb.Slice(p * ohw, ohw);
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var xr = xp.Slice(hIdx[oh] * inW, inW);
                        var yr = yp.Slice(oh * outW, outW);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            yr[ow] = xr[wIdx[ow]];
                        }
                    }
                }
            });
        }
    }

    // dy: (N, C, OH, OW) → dx: (N, C, H, W), each dy added to its source pixel
    public static unsafe void NearestBackward<T>(ReadOnlySpan<T> dy, int n, int c, int inH, int inW, Span<T> dx, int outH, int outW,
        double? scaleH = null, double? scaleW = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dx, n, c, inH, inW, dy, outH, outW);
        int[] hIdx = NearestIndices(inH, outH, scaleH), wIdx = NearestIndices(inW, outW, scaleW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* pdy = dy, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)n * c, ohw + hw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var dxp = dxb.Slice(p * hw, hw);
                    var dyp = dyb.Slice(p * ohw, ohw);
                    dxp.Clear();
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var dxr = dxp.Slice(hIdx[oh] * inW, inW);
                        var dyr = dyp.Slice(oh * outW, outW);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            dxr[wIdx[ow]] += dyr[ow];
                        }
                    }
                }
            });
        }
    }

    // x: (N, C, H, W) → y: (N, C, OH, OW)
    public static unsafe void BilinearForward<T>(ReadOnlySpan<T> x, int n, int c, int inH, int inW, Span<T> y, int outH, int outW,
        bool alignCorners, double? scaleH = null, double? scaleW = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, n, c, inH, inW, y, outH, outW);
        var hs = LinearTaps<T>(inH, outH, alignCorners, scaleH);
        var ws = LinearTaps<T>(inW, outW, alignCorners, scaleW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* px = x, py = y)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            CpuParallel.For((long)n * c, 4L * ohw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    var yp = yb.Slice(p * ohw, ohw);
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var th = hs[oh];
                        var r0 = xp.Slice(th.I0 * inW, inW);
                        var r1 = xp.Slice(th.I1 * inW, inW);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            var tw = ws[ow];
                            yp[oh * outW + ow] = th.L0 * ((tw.L0 * r0[tw.I0]) + (tw.L1 * r0[tw.I1]))
                                                 + th.L1 * ((tw.L0 * r1[tw.I0]) + (tw.L1 * r1[tw.I1]));
                        }
                    }
                }
            });
        }
    }

    // dy: (N, C, OH, OW) → dx: (N, C, H, W), each dy spread over its 4 taps with the forward weights
    public static unsafe void BilinearBackward<T>(ReadOnlySpan<T> dy, int n, int c, int inH, int inW, Span<T> dx, int outH, int outW,
        bool alignCorners, double? scaleH = null, double? scaleW = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dx, n, c, inH, inW, dy, outH, outW);
        var hs = LinearTaps<T>(inH, outH, alignCorners, scaleH);
        var ws = LinearTaps<T>(inW, outW, alignCorners, scaleW);
        int hw = inH * inW, ohw = outH * outW;
        fixed (T* pdy = dy, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            CpuParallel.For((long)n * c, 4L * ohw + hw, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var dxp = dxb.Slice(p * hw, hw);
                    var dyp = dyb.Slice(p * ohw, ohw);
                    dxp.Clear();
                    for (int oh = 0; oh < outH; oh++)
                    {
                        var th = hs[oh];
                        var r0 = dxp.Slice(th.I0 * inW, inW);
                        var r1 = dxp.Slice(th.I1 * inW, inW);
                        for (int ow = 0; ow < outW; ow++)
                        {
                            var tw = ws[ow];
                            T g = dyp[oh * outW + ow];
                            r0[tw.I0] += th.L0 * tw.L0 * g;
                            r0[tw.I1] += th.L0 * tw.L1 * g;
                            r1[tw.I0] += th.L1 * tw.L0 * g;
                            r1[tw.I1] += th.L1 * tw.L1 * g;
                        }
                    }
                }
            });
        }
    }

    /// <summary>PyTorch's nearest source index for each output index (float arithmetic, with its two shortcuts).</summary>
    public static int[] NearestIndices(int input, int output, double? scale)
    {
        var idx = new int[output];
        float s = scale is double sc ? (float)(1.0 / sc) : (float)input / output;
        for (int o = 0; o < output; o++)
        {
            idx[o] = output == input ? o
                : output == 2 * input ? o >> 1
                : Math.Min((int)MathF.Floor(o * s), input - 1);
        }

        return idx;
    }

    /// <summary>Two source indices and their weights for each output index of a linear interpolation.</summary>
    public static (int I0, int I1, T L0, T L1)[] LinearTaps<T>(int input, int output, bool alignCorners, double? scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = alignCorners
            ? (output > 1 ? T.CreateTruncating(input - 1) / T.CreateTruncating(output - 1) : T.Zero)
            : (scale is double sc ? T.CreateTruncating(1.0 / sc) : T.CreateTruncating(input) / T.CreateTruncating(output));
        T half = T.CreateTruncating(0.5);
        var taps = new (int, int, T, T)[output];
        for (int o = 0; o < output; o++)
        {
            T src = alignCorners ? s * T.CreateTruncating(o) : s * (T.CreateTruncating(o) + half) - half;
            if (!alignCorners && src < T.Zero)
            {
                src = T.Zero;
            }

            int i0 = Math.Min(int.CreateTruncating(T.Floor(src)), input - 1);
            T l1 = T.Clamp(src - T.CreateTruncating(i0), T.Zero, T.One);
            int i1 = i0 + (i0 < input - 1 ? 1 : 0);
            taps[o] = (i0, i1, T.One - l1, l1);
        }

        return taps;
    }

    private static void Check<T>(ReadOnlySpan<T> big, int n, int c, int inH, int inW, ReadOnlySpan<T> small, int outH, int outW)
    {
        if (inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"upsample: sizes must be positive (in {inH}x{inW}, out {outH}x{outW})");
        }

        Conv2dKernels.CheckLength(big, (long)n * c * inH * inW, "input-shaped buffer");
        Conv2dKernels.CheckLength(small, (long)n * c * outH * outW, "output-shaped buffer");
    }
}
