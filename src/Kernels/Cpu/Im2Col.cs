using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    /// <remarks>
    /// Output rows are short (OW = 8-64 values), so each is written with raw vector copies: a Span slice, copy
    /// and clear per row cost more than the values they move.
    /// </remarks>
    internal static unsafe void Plane<T>(Conv2dGeometry g, ReadOnlySpan<T> x, Span<T> col, int ldCol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outH = g.OutH, outW = g.OutW;
        CheckPlane(g, x.Length, col.Length, ldCol);
        fixed (T* px = x, pcol = col)
        {
            if (ReadsPaddedPlane(g))
            {
                T* padded = PadPlane(g, px);
                for (int i = 0; i < g.KernelH; i++)
                {
                    for (int j = 0; j < g.KernelW; j++)
                    {
                        T* row = pcol + (long)(i * g.KernelW + j) * ldCol;
                        T* src = padded + (long)i * g.DilationH * PaddedWidth(g) + j * g.DilationW;
                        for (int oh = 0; oh < outH; oh++, src += g.StrideH * PaddedWidth(g))
                        {
                            CopyRun(src, row + oh * outW, outW);
                        }
                    }
                }

                return;
            }

            ClippedRows(g, px, pcol, ldCol, 0, outH);
        }
    }

    /// <summary>
    /// Output rows [oh0, oh1) of an image (C, H, W) → columns [0, (oh1 - oh0)·OutW) of every column-matrix row: the
    /// im2col of a band of the output, for images too large for one column matrix to stay in cache.
    /// </summary>
    public static unsafe void ForwardRows<T>(Conv2dGeometry g, ReadOnlySpan<T> image, Span<T> col, int ldCol, int oh0, int oh1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.InH * g.InW, rowsPerChannel = g.KernelH * g.KernelW;
        if (image.Length < (long)g.InChannels * plane || col.Length < ((long)g.InChannels * rowsPerChannel - 1) * ldCol + (oh1 - oh0) * g.OutW
            || oh0 < 0 || oh1 > g.OutH || oh1 < oh0)
        {
            throw new ArgumentException($"im2col rows [{oh0}, {oh1}): {image.Length} image and {col.Length} column elements do not fit {g}");
        }

        fixed (T* px = image, pcol = col)
        {
            for (int c = 0; c < g.InChannels; c++)
            {
                ClippedRows(g, px + (long)c * plane, pcol + (long)c * rowsPerChannel * ldCol, ldCol, oh0, oh1);
            }
        }
    }

    // One channel's KH*KW column rows for output rows [oh0, oh1), column (oh - oh0)·OutW + ow; taps on the padding
    // are written as zeros, those inside copied (whole runs when the stride along W is 1).
    private static unsafe void ClippedRows<T>(Conv2dGeometry g, T* px, T* pcol, int ldCol, int oh0, int oh1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outW = g.OutW, inW = g.InW, sW = g.StrideW;
        for (int i = 0; i < g.KernelH; i++)
        {
            var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
            hLo = Math.Clamp(hLo, oh0, oh1);
            hHi = Math.Clamp(hHi, hLo, oh1);
            for (int j = 0; j < g.KernelW; j++)
            {
                T* row = pcol + (long)(i * g.KernelW + j) * ldCol - (long)oh0 * outW;
                var (lo, hi) = ConvGeometry.ValidOutputRange(outW, inW, sW, g.PadW, j * g.DilationW);
                int iw0 = lo * sW - g.PadW + j * g.DilationW;
                new Span<T>(row + (long)oh0 * outW, (hLo - oh0) * outW).Clear();
                new Span<T>(row + (long)hHi * outW, (oh1 - hHi) * outW).Clear();
                for (int oh = hLo; oh < hHi; oh++)
                {
                    T* src = px + (long)(oh * g.StrideH - g.PadH + i * g.DilationH) * inW + iw0;
                    T* dst = row + (long)oh * outW;
                    Zero(dst, lo);
                    if (sW == 1)
                    {
                        CopyRun(src, dst + lo, hi - lo);
                    }
                    else
                    {
                        for (int ow = lo; ow < hi; ow++, src += sW)
                        {
                            dst[ow] = *src;
                        }
                    }

                    Zero(dst + hi, outW - hi);
                }
            }
        }
    }

    /// <summary>Adds one channel's KH*KW column rows back into its (H, W) plane (caller zeroes the plane).</summary>
    internal static unsafe void PlaneAccumulate<T>(Conv2dGeometry g, ReadOnlySpan<T> col, int ldCol, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outW = g.OutW, inW = g.InW, sW = g.StrideW;
        CheckPlane(g, x.Length, col.Length, ldCol);
        fixed (T* px = x, pcol = col)
        {
            if (ReadsPaddedPlane(g))
            {
                int paddedWidth = PaddedWidth(g);
                T* padded = ClearedPaddedScratch<T>(g);
                for (int i = 0; i < g.KernelH; i++)
                {
                    for (int j = 0; j < g.KernelW; j++)
                    {
                        T* row = pcol + (long)(i * g.KernelW + j) * ldCol;
                        T* dst = padded + (long)i * g.DilationH * paddedWidth + j * g.DilationW;
                        for (int oh = 0; oh < g.OutH; oh++, dst += g.StrideH * paddedWidth)
                        {
                            AddRun(row + oh * outW, dst, outW);
                        }
                    }
                }

                for (int h = 0; h < g.InH; h++)
                {
                    AddRun(padded + (long)(h + g.PadH) * paddedWidth + g.PadW, px + (long)h * inW, inW);
                }

                return;
            }

            for (int i = 0; i < g.KernelH; i++)
            {
                var (hLo, hHi) = ConvGeometry.ValidOutputRange(g.OutH, g.InH, g.StrideH, g.PadH, i * g.DilationH);
                for (int j = 0; j < g.KernelW; j++)
                {
                    T* row = pcol + (long)(i * g.KernelW + j) * ldCol;
                    var (lo, hi) = ConvGeometry.ValidOutputRange(outW, inW, sW, g.PadW, j * g.DilationW);
                    if (hi <= lo)
                    {
                        continue;
                    }

                    int iw0 = lo * sW - g.PadW + j * g.DilationW;
                    for (int oh = hLo; oh < hHi; oh++)
                    {
                        T* dst = px + (long)(oh * g.StrideH - g.PadH + i * g.DilationH) * inW + iw0;
                        T* src = row + oh * outW + lo;
                        if (sW == 1)
                        {
                            AddRun(src, dst, hi - lo);
                        }
                        else
                        {
                            for (int ow = lo; ow < hi; ow++, dst += sW)
                            {
                                *dst += src[ow - lo];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stride 1 along W with padding: the plane is first copied into a zero-bordered one (this thread's scratch), so
    /// that every column row is whole OW-long copies (one vector for OW = 8) with no edge cases: Table-2's 5×5 taps
    /// on 8×8 maps otherwise leave four of five rows a short run, copied element by element.
    /// </summary>
    private static bool ReadsPaddedPlane(Conv2dGeometry g) => g.StrideW == 1 && (g.PadH > 0 || g.PadW > 0);

    private static int PaddedWidth(Conv2dGeometry g) => g.InW + 2 * g.PadW;


    // (H, W) → this thread's zero-bordered (H + 2 padH, W + 2 padW) copy
    private static unsafe T* PadPlane<T>(Conv2dGeometry g, T* x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => PadPlanes(g, x, 1);

    /// <summary>
    /// (planes, H, W) → this thread's zero-bordered (planes, H + 2 padH, W + 2 padW) copy, valid until the thread asks
    /// for its padded scratch again.
    /// </summary>
    internal static unsafe T* PadPlanes<T>(Conv2dGeometry g, T* x, int planes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int paddedH = g.InH + 2 * g.PadH;
        T* padded = ClearedPaddedScratch<T>(g, planes);
        for (int plane = 0; plane < planes; plane++)
        {
            for (int h = 0; h < g.InH; h++)
            {
                CopyRun(x + ((long)plane * g.InH + h) * g.InW, padded + ((long)plane * paddedH + h + g.PadH) * PaddedWidth(g) + g.PadW, g.InW);
            }
        }

        return padded;
    }

    private static unsafe T* ClearedPaddedScratch<T>(Conv2dGeometry g, int planes = 1)
        where T : unmanaged
    {
        long length = (long)planes * PaddedWidth(g) * (g.InH + 2 * g.PadH);
        T* padded = ThreadScratch.Get<T>(ThreadScratch.PaddedPlane, length).Pointer;
        new Span<T>(padded, (int)length).Clear();
        return padded;
    }

    // The pointer loops above trust the geometry; check once per plane that it fits the spans they were given.
    private static void CheckPlane(Conv2dGeometry g, int planeLength, int colLength, int ldCol)
    {
        if (planeLength < g.InH * g.InW || colLength < (long)(g.KernelH * g.KernelW - 1) * ldCol + g.OutH * g.OutW)
        {
            throw new ArgumentException($"im2col plane: {planeLength} image and {colLength} column elements are too few for {g}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Zero<T>(T* dst, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < count; k++)
        {
            dst[k] = T.Zero;
        }
    }

    // dst[0, n) = src[0, n); the last vector may overlap the one before it (rewriting the same values).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRun<T>(T* src, T* dst, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        if (!Vector256.IsHardwareAccelerated || n < width)
        {
            for (int k = 0; k < n; k++)
            {
                dst[k] = src[k];
            }

            return;
        }

        for (int k = 0; k < n - width; k += width)
        {
            Vector256.Load(src + k).Store(dst + k);
        }

        Vector256.Load(src + n - width).Store(dst + n - width);
    }

    // dst[0, n) += src[0, n)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddRun<T>(T* src, T* dst, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= n - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                (Vector256.Load(dst + k) + Vector256.Load(src + k)).Store(dst + k);
            }
        }

        for (; k < n; k++)
        {
            dst[k] += src[k];
        }
    }
}
