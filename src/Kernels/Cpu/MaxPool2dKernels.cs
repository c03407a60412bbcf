using System.Numerics;
using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// max_pool2d with kernel, stride, padding, dilation and ceil_mode, as PyTorch's CPU kernel: padding never wins
/// (it is skipped, not -inf), NaN propagates (a NaN is taken as the max), ties keep the first in row-major order,
/// and indices are flat h*W + w offsets into the input plane (int32 here: a plane has fewer than 2^31 elements, and
/// the narrower indices halve what a training step keeps for backward; the int64 PyTorch returns is made on request).
/// </summary>
public static class MaxPool2dKernels
{
    // x: (N, C, H, W) → y: (N, C, OH, OW), indices: (N, C, OH, OW) or empty
    public static unsafe void Forward<T>(Pool2dGeometry g, ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Conv2dKernels.CheckLength(x, g.InputLength, "x");
        Conv2dKernels.CheckLength<T>(y, g.OutputLength, "y");
        if (!indices.IsEmpty)
        {
            Conv2dKernels.CheckLength<int>(indices, g.OutputLength, "indices");
        }

        int hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        // Window bounds per output row and column, computed once: the inner loops then only compare.
        var rows = Windows(g.OutH, g.InH, g.StrideH, g.PadH, g.KernelH, g.DilationH);
        var cols = Windows(g.OutW, g.InW, g.StrideW, g.PadW, g.KernelW, g.DilationW);
        bool pairs = MaxPool2x2.Applies<T>(g), byRows = !pairs && MaxPool2dRows.Applies<T>(g);
        fixed (T* px = x, py = y)
        fixed (int* pi = indices)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var ib = new RawBuffer<int>(pi, indices.Length);
            CpuParallel.For((long)g.N * g.Channels, (long)ohw * g.KernelH * g.KernelW, (s, e) =>
            {
                Span<int> scratch = byRows ? new int[MaxPool2dRows.ScratchLength(g)] : default;
                for (long p = s; p < e; p++)
                {
                    var xp = xb.Slice(p * hw, hw);
                    var yp = yb.Slice(p * ohw, ohw);
                    if (pairs)
                    {
                        MaxPool2x2.Plane(g, MemoryMarshal.Cast<T, float>(xp), MemoryMarshal.Cast<T, float>(yp),
                            ib.Length > 0 ? ib.Slice(p * ohw, ohw) : default);
                        continue;
                    }

                    if (byRows)
                    {
                        MaxPool2dRows.Plane(g, MemoryMarshal.Cast<T, float>(xp), MemoryMarshal.Cast<T, float>(yp),
                            ib.Length > 0 ? ib.Slice(p * ohw, ohw) : default, scratch);
                        continue;
                    }

                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        var (h0, h1) = rows[oh];
                        for (int ow = 0; ow < g.OutW; ow++)
                        {
                            var (w0, w1) = cols[ow];
                            int maxIndex = h0 * g.InW + w0;
                            T maxVal = T.NegativeInfinity;
                            for (int ih = h0; ih < h1; ih += g.DilationH)
                            {
                                for (int iw = w0, index = ih * g.InW + w0; iw < w1; iw += g.DilationW, index += g.DilationW)
                                {
                                    T v = xp[index];
                                    if (v > maxVal || T.IsNaN(v))
                                    {
                                        maxVal = v;
                                        maxIndex = index;
                                    }
                                }
                            }

                            yp[oh * g.OutW + ow] = maxVal;
                            if (ib.Length > 0)
                            {
                                ib[p * ohw + oh * g.OutW + ow] = maxIndex;
                            }
                        }
                    }
                }
            });
        }
    }

    /// <summary>[start, end) of each output's window along one axis, padding skipped: start is the first tap inside.</summary>
    private static (int Start, int End)[] Windows(int outSize, int inSize, int stride, int pad, int kernel, int dilation)
    {
        var windows = new (int, int)[outSize];
        for (int o = 0; o < outSize; o++)
        {
            int start = o * stride - pad;
            int end = Math.Min(start + (kernel - 1) * dilation + 1, inSize);
            while (start < 0)
            {
                start += dilation;
            }

            windows[o] = (start, end);
        }

        return windows;
    }

    // dy: (N, C, OH, OW), indices from Forward → dx: (N, C, H, W); each dy goes to its argmax (overlaps add).
    public static unsafe void Backward<T>(Pool2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ScatterByIndex(g.N * g.Channels, g.OutH * g.OutW, g.InH * g.InW, dy, indices, dx);

    /// <summary>dx planes zeroed, then dx[plane, indices[plane, j]] += dy[plane, j]. Shared with adaptive max pool.</summary>
    internal static unsafe void ScatterByIndex<T>(int planes, int outPlane, int inPlane, ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Conv2dKernels.CheckLength(dy, (long)planes * outPlane, "dy");
        Conv2dKernels.CheckLength(indices, (long)planes * outPlane, "indices");
        Conv2dKernels.CheckLength<T>(dx, (long)planes * inPlane, "dx");
        fixed (T* pdy = dy, pdx = dx)
        fixed (int* pi = indices)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            var ib = new RawBuffer<int>(pi, indices.Length);
            CpuParallel.For(planes, outPlane + inPlane, (s, e) =>
            {
                for (long p = s; p < e; p++)
                {
                    var dxp = dxb.Slice(p * inPlane, inPlane);
                    dxp.Clear();
                    for (int j = 0; j < outPlane; j++)
                    {
                        int idx = ib[p * outPlane + j];
                        if ((uint)idx >= (uint)inPlane)
                        {
                            throw new ArgumentOutOfRangeException(nameof(indices), $"index {idx} outside the input plane of {inPlane}");
                        }

                        dxp[idx] += dyb[p * outPlane + j];
                    }
                }
            });
        }
    }
}
