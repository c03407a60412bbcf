using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// im2col / col2im for conv2d. The column matrix of one image has InChannels*KernelH*KernelW rows, row
/// (c*KH + i)*KW + j, and OutH*OutW columns (oh*OutW + ow); entry = x[c, oh*sH - pH + i*dH, ow*sW - pW + j*dW] or 0
/// in the padding. Rows are <c>ldCol</c> apart so several images can sit side by side (a wider GEMM).
/// </summary>
public static class Im2Col
{
    /// <summary>image: (C, H, W) → col rows [0, C*KH*KW), columns [0, OutH*OutW) of a matrix with row stride ldCol.</summary>
    public static void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> image, Span<T> col, int ldCol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.InH * g.InW;
        int rowsPerChannel = g.KernelH * g.KernelW;
        for (int c = 0; c < g.InChannels; c++)
        {
            Plane(g, image.Slice(c * plane, plane), col[(c * rowsPerChannel * ldCol)..], ldCol);
        }
    }

    /// <summary>Adjoint of <see cref="Forward{T}"/>: image (C, H, W) = col2im(col). Overwrites image.</summary>
    public static void Backward<T>(Conv2dGeometry g, ReadOnlySpan<T> col, int ldCol, Span<T> image)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.InH * g.InW;
        int rowsPerChannel = g.KernelH * g.KernelW;
        for (int c = 0; c < g.InChannels; c++)
        {
            var dst = image.Slice(c * plane, plane);
            dst.Clear();
            PlaneAccumulate(g, col[(c * rowsPerChannel * ldCol)..], ldCol, dst);
        }
    }

    /// <summary>One input channel (H, W) → its KH*KW rows of the column matrix (every column written).</summary>
    internal static void Plane<T>(Conv2dGeometry g, ReadOnlySpan<T> x, Span<T> col, int ldCol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outH = g.OutH, outW = g.OutW, inW = g.InW, sW = g.StrideW;
        for (int i = 0; i < g.KernelH; i++)
        {
            var (hLo, hHi) = ConvGeometry.ValidOutputRange(outH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
            for (int j = 0; j < g.KernelW; j++)
            {
                var row = col.Slice((i * g.KernelW + j) * ldCol, outH * outW);
                var (lo, hi) = ConvGeometry.ValidOutputRange(outW, inW, sW, g.PadW, j * g.DilationW);
                int iw0 = lo * sW - g.PadW + j * g.DilationW;
                row[..(hLo * outW)].Clear();
                row[(hHi * outW)..].Clear();
                for (int oh = hLo; oh < hHi; oh++)
                {
                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                    var src = x.Slice(ih * inW, inW);
                    var dst = row.Slice(oh * outW, outW);
                    dst[..lo].Clear();
                    dst[hi..].Clear();
                    if (sW == 1)
                    {
                        src.Slice(iw0, hi - lo).CopyTo(dst[lo..hi]);
                    }
                    else
                    {
                        for (int ow = lo, iw = iw0; ow < hi; ow++, iw += sW)
                        {
                            dst[ow] = src[iw];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds one channel's KH*KW column rows back into its (H, W) plane (caller zeroes the plane).</summary>
    internal static void PlaneAccumulate<T>(Conv2dGeometry g, ReadOnlySpan<T> col, int ldCol, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outW = g.OutW, inW = g.InW, sW = g.StrideW;
        for (int i = 0; i < g.KernelH; i++)
        {
            var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
            for (int j = 0; j < g.KernelW; j++)
            {
                var row = col[((i * g.KernelW + j) * ldCol)..];
                var (lo, hi) = ConvGeometry.ValidOutputRange(outW, inW, sW, g.PadW, j * g.DilationW);
                if (hi <= lo)
                {
                    continue;
                }

                int iw0 = lo * sW - g.PadW + j * g.DilationW;
                for (int oh = hLo; oh < hHi; oh++)
                {
                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                    var dst = x.Slice(ih * inW, inW);
                    var src = row.Slice(oh * outW, outW);
                    if (sW == 1)
                    {
                        var d = dst.Slice(iw0, hi - lo);
                        TensorPrimitives.Add(d, src[lo..hi], d);
                    }
                    else
                    {
                        for (int ow = lo, iw = iw0; ow < hi; ow++, iw += sW)
                        {
                            dst[iw] += src[ow];
                        }
                    }
                }
            }
        }
    }
}
