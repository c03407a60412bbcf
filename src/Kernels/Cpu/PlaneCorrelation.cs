using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// The three single-plane loops of a direct convolution, for one (input plane, output plane, KH×KW kernel):
///   y  (OH, OW) += w ⋆ x            forward
///   dx (H, W)   += w ⋆ᵀ dy          input gradient
///   dw (KH, KW) += x ⋆ dy           kernel gradient
/// Each walks the kernel's taps; a tap touches a rectangle of output rows and columns (its valid range under
/// padding), and with stride 1 along W each row is one vector multiply-add or dot.
/// </summary>
internal static class PlaneCorrelation
{
    /// <summary>One kernel tap: its index in the KH×KW kernel and the output rectangle it reaches.</summary>
    public readonly record struct Tap(int Index, int OhLo, int OhHi, int OwLo, int OwHi, int IhOffset, int Iw0);

    /// <summary>The taps of g's kernel that reach any output, with input row ih = oh·strideH + IhOffset.</summary>
    public static Tap[] Taps(Conv2dGeometry g)
    {
        var taps = new List<Tap>(g.KernelH * g.KernelW);
        for (int i = 0; i < g.KernelH; i++)
        {
            var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
            for (int j = 0; j < g.KernelW; j++)
            {
                var (lo, hi) = ConvGeometry.ValidOutputRange(g.OutW, g.InW, g.StrideW, g.PadW, j * g.DilationW);
                if (hHi > hLo && hi > lo)
                {
                    taps.Add(new Tap(i * g.KernelW + j, hLo, hHi, lo, hi, i * g.DilationH - g.PadH, lo * g.StrideW - g.PadW + j * g.DilationW));
                }
            }
        }

        return [.. taps];
    }

    // y (OH, OW) += w (KH, KW) ⋆ x (H, W)
    public static void Forward<T>(Conv2dGeometry g, Tap[] taps, ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var tap in taps)
        {
            T wv = w[tap.Index];
            int width = tap.OwHi - tap.OwLo;
            for (int oh = tap.OhLo; oh < tap.OhHi; oh++)
            {
                var xr = x.Slice((oh * g.StrideH + tap.IhOffset) * g.InW, g.InW);
                var yr = y.Slice(oh * g.OutW + tap.OwLo, width);
                if (g.StrideW == 1)
                {
                    TensorPrimitives.MultiplyAdd(xr.Slice(tap.Iw0, width), wv, yr, yr);
                }
                else
                {
                    for (int o = 0, iw = tap.Iw0; o < width; o++, iw += g.StrideW)
                    {
                        yr[o] += wv * xr[iw];
                    }
                }
            }
        }
    }

    // dx (H, W) += w (KH, KW) ⋆ᵀ dy (OH, OW)
    public static void BackwardInput<T>(Conv2dGeometry g, Tap[] taps, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var tap in taps)
        {
            T wv = w[tap.Index];
            int width = tap.OwHi - tap.OwLo;
            for (int oh = tap.OhLo; oh < tap.OhHi; oh++)
            {
                var dxr = dx.Slice((oh * g.StrideH + tap.IhOffset) * g.InW, g.InW);
                var dyr = dy.Slice(oh * g.OutW + tap.OwLo, width);
                if (g.StrideW == 1)
                {
                    var d = dxr.Slice(tap.Iw0, width);
                    TensorPrimitives.MultiplyAdd(dyr, wv, d, d);
                }
                else
                {
                    for (int o = 0, iw = tap.Iw0; o < width; o++, iw += g.StrideW)
                    {
                        dxr[iw] += wv * dyr[o];
                    }
                }
            }
        }
    }

    // dw (KH, KW) += x (H, W) ⋆ dy (OH, OW)
    public static void BackwardWeight<T>(Conv2dGeometry g, Tap[] taps, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var tap in taps)
        {
            int width = tap.OwHi - tap.OwLo;
            T acc = T.Zero;
            for (int oh = tap.OhLo; oh < tap.OhHi; oh++)
            {
                var xr = x.Slice((oh * g.StrideH + tap.IhOffset) * g.InW, g.InW);
                var dyr = dy.Slice(oh * g.OutW + tap.OwLo, width);
                if (g.StrideW == 1)
                {
                    acc += TensorPrimitives.Dot<T>(dyr, xr.Slice(tap.Iw0, width));
                }
                else
                {
                    for (int o = 0, iw = tap.Iw0; o < width; o++, iw += g.StrideW)
                    {
                        acc += dyr[o] * xr[iw];
                    }
                }
            }

            dw[tap.Index] += acc;
        }
    }
}
