using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// conv2d forward and backward, NCHW, PyTorch semantics (stride, padding, dilation, groups).
/// General path: im2col over a chunk of images laid side by side, so that each group is one GEMM
///   y_g (Kg, nb*OH*OW) = W_g (Kg, Cg*KH*KW) @ col_g (Cg*KH*KW, nb*OH*OW)
/// with a wide N even when OH*OW is small (ResNet's 4x4 maps). 1x1/stride-1/no-padding skips im2col
/// (the image is its own column matrix); depthwise (groups == C) runs a direct loop, since its per-group
/// GEMMs would be 1-row matrices.
/// Every output is fully overwritten; empty <c>bias</c> means no bias.
/// </summary>
public static class Conv2dKernels
{
    /// <summary>Aim for at least this many GEMM columns per chunk of images.</summary>
    private const int TargetColumns = 1024;

    /// <summary>Cap on the column buffer (elements) so a chunk stays cache- and memory-friendly.</summary>
    private const long MaxColElements = 1L << 22;

    // x: (N, C, H, W), weight: (K, C/G, KH, KW), bias: (K) or empty, y: (N, K, OH, OW)
    public static unsafe void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(x, g.InputLength, "x");
        CheckLength(weight, g.WeightLength, "weight");
        CheckLength(y, g.OutputLength, "y");
        if (!bias.IsEmpty)
        {
            CheckLength(bias, g.OutChannels, "bias");
        }

        if (g.N == 0)
        {
            return;
        }

        if (IsDepthwise(g))
        {
            DepthwiseConv2d.Forward(g, x, weight, bias, y);
            return;
        }

        int ohw = g.OutH * g.OutW, chw = g.InChannels * g.InH * g.InW, kOut = g.OutChannels;
        int rows = g.ColRows, kg = g.OutPerGroup;
        int nb = ChunkImages(g);
        bool direct = IsIdentityIm2Col(g) && nb == 1;
        T[]? colArr = direct ? null : ArrayPool<T>.Shared.Rent(g.InChannels * g.KernelH * g.KernelW * nb * ohw);
        T[]? outArr = nb > 1 ? ArrayPool<T>.Shared.Rent(kOut * nb * ohw) : null;
        try
        {
            fixed (T* px = x, pcol = colArr, pout = outArr, py = y, pb = bias)
            {
                var xb = new RawBuffer<T>(px, x.Length);
                var colb = new RawBuffer<T>(pcol, colArr?.Length ?? 0);
                var outb = new RawBuffer<T>(pout, outArr?.Length ?? 0);
                var yb = new RawBuffer<T>(py, y.Length);
                var bb = new RawBuffer<T>(pb, bias.Length);
                for (int n0 = 0; n0 < g.N; n0 += nb)
                {
                    int nbA = Math.Min(nb, g.N - n0), ld = nbA * ohw;
                    ReadOnlySpan<T> col = direct ? x.Slice(n0 * chw, chw) : colb.Span;
                    if (!direct)
                    {
                        Im2ColChunk(g, xb, n0, nbA, colb, ld);
                    }

                    // One image: GEMM straight into y; several: into (K, nb, OH*OW) then scatter.
                    Span<T> dst = nbA == 1 ? y.Slice(n0 * kOut * ohw, kOut * ohw) : outb.Span;
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(false, false, kg, ld, rows, T.One,
                            weight[(grp * kg * rows)..], rows, col[(grp * rows * ld)..], ld, T.Zero, dst[(grp * kg * ld)..], ld);
                    }

                    // Scatter (if chunked) and add bias, one output plane per item.
                    if (nbA > 1 || !bias.IsEmpty)
                    {
                        int n0c = n0;
                        CpuParallel.For((long)nbA * kOut, ohw, (s, e) =>
                        {
                            for (long idx = s; idx < e; idx++)
                            {
                                int b = (int)(idx / kOut), k = (int)(idx % kOut);
                                var plane = yb.Slice(((long)(n0c + b) * kOut + k) * ohw, ohw);
                                if (nbA > 1)
                                {
                                    outb.Slice((long)k * ld + (long)b * ohw, ohw).CopyTo(plane);
                                }

                                if (bb.Length > 0)
                                {
                                    TensorPrimitives.Add(plane, bb[k], plane);
                                }
                            }
                        });
                    }
                }
            }
        }
        finally
        {
            Return(colArr);
            Return(outArr);
        }
    }

    // dy: (N, K, OH, OW), weight: (K, C/G, KH, KW) → dx: (N, C, H, W)   (dcol = W^T dy, then col2im)
    public static unsafe void BackwardInput<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(dy, g.OutputLength, "dy");
        CheckLength(weight, g.WeightLength, "weight");
        CheckLength(dx, g.InputLength, "dx");
        if (g.N == 0)
        {
            return;
        }

        if (IsDepthwise(g))
        {
            DepthwiseConv2d.BackwardInput(g, dy, weight, dx);
            return;
        }

        int ohw = g.OutH * g.OutW, chw = g.InChannels * g.InH * g.InW, kOut = g.OutChannels;
        int rows = g.ColRows, kg = g.OutPerGroup;
        int nb = ChunkImages(g);
        bool direct = IsIdentityIm2Col(g) && nb == 1;
        T[]? colArr = direct ? null : ArrayPool<T>.Shared.Rent(g.InChannels * g.KernelH * g.KernelW * nb * ohw);
        T[]? dyArr = nb > 1 ? ArrayPool<T>.Shared.Rent(kOut * nb * ohw) : null;
        try
        {
            fixed (T* pdy = dy, pcol = colArr, pdyc = dyArr, pdx = dx)
            {
                var dyb = new RawBuffer<T>(pdy, dy.Length);
                var colb = new RawBuffer<T>(pcol, colArr?.Length ?? 0);
                var dycb = new RawBuffer<T>(pdyc, dyArr?.Length ?? 0);
                var dxb = new RawBuffer<T>(pdx, dx.Length);
                for (int n0 = 0; n0 < g.N; n0 += nb)
                {
                    int nbA = Math.Min(nb, g.N - n0), ld = nbA * ohw;
                    ReadOnlySpan<T> dySrc = nbA == 1 ? dy.Slice(n0 * kOut * ohw, kOut * ohw) : dycb.Span;
                    if (nbA > 1)
                    {
                        GatherChunk(dyb, n0, nbA, kOut, ohw, dycb);
                    }

                    Span<T> dcol = direct ? dx.Slice(n0 * chw, chw) : colb.Span;
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(true, false, rows, ld, kg, T.One,
                            weight[(grp * kg * rows)..], rows, dySrc[(grp * kg * ld)..], ld, T.Zero, dcol[(grp * rows * ld)..], ld);
                    }

                    if (!direct)
                    {
                        Col2ImChunk(g, colb, ld, n0, nbA, dxb);
                    }
                }
            }
        }
        finally
        {
            Return(colArr);
            Return(dyArr);
        }
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dWeight: (K, C/G, KH, KW) = sum over images of dy_g @ col_g^T
    public static unsafe void BackwardWeight<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(x, g.InputLength, "x");
        CheckLength(dy, g.OutputLength, "dy");
        CheckLength(dWeight, g.WeightLength, "dWeight");
        if (g.N == 0)
        {
            dWeight.Clear();
            return;
        }

        if (IsDepthwise(g))
        {
            DepthwiseConv2d.BackwardWeight(g, x, dy, dWeight);
            return;
        }

        int ohw = g.OutH * g.OutW, chw = g.InChannels * g.InH * g.InW, kOut = g.OutChannels;
        int rows = g.ColRows, kg = g.OutPerGroup;
        int nb = ChunkImages(g);
        bool direct = IsIdentityIm2Col(g) && nb == 1;
        T[]? colArr = direct ? null : ArrayPool<T>.Shared.Rent(g.InChannels * g.KernelH * g.KernelW * nb * ohw);
        T[]? dyArr = nb > 1 ? ArrayPool<T>.Shared.Rent(kOut * nb * ohw) : null;
        try
        {
            fixed (T* px = x, pdy = dy, pcol = colArr, pdyc = dyArr)
            {
                var xb = new RawBuffer<T>(px, x.Length);
                var dyb = new RawBuffer<T>(pdy, dy.Length);
                var colb = new RawBuffer<T>(pcol, colArr?.Length ?? 0);
                var dycb = new RawBuffer<T>(pdyc, dyArr?.Length ?? 0);
                for (int n0 = 0; n0 < g.N; n0 += nb)
                {
                    int nbA = Math.Min(nb, g.N - n0), ld = nbA * ohw;
                    ReadOnlySpan<T> col = direct ? x.Slice(n0 * chw, chw) : colb.Span;
                    if (!direct)
                    {
                        Im2ColChunk(g, xb, n0, nbA, colb, ld);
                    }

                    ReadOnlySpan<T> dySrc = nbA == 1 ? dy.Slice(n0 * kOut * ohw, kOut * ohw) : dycb.Span;
                    if (nbA > 1)
                    {
                        GatherChunk(dyb, n0, nbA, kOut, ohw, dycb);
                    }

                    T beta = n0 == 0 ? T.Zero : T.One; // first chunk overwrites, later ones accumulate
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(false, true, kg, rows, ld, T.One,
                            dySrc[(grp * kg * ld)..], ld, col[(grp * rows * ld)..], ld, beta, dWeight[(grp * kg * rows)..], rows);
                    }
                }
            }
        }
        finally
        {
            Return(colArr);
            Return(dyArr);
        }
    }

    // dy: (N, K, OH, OW) → dBias: (K) = sum over N, OH, OW
    public static unsafe void BackwardBias<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, Span<T> dBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(dy, g.OutputLength, "dy");
        CheckLength(dBias, g.OutChannels, "dBias");
        ChannelSum(dy, g.N, g.OutChannels, g.OutH * g.OutW, dBias);
    }

    /// <summary>Per-channel sum of (N, C, S) data into sums (C). Shared by conv and conv-transpose bias grads.</summary>
    internal static unsafe void ChannelSum<T>(ReadOnlySpan<T> data, int n, int channels, int spatial, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pd = data, ps = sums)
        {
            var db = new RawBuffer<T>(pd, data.Length);
            var sb = new RawBuffer<T>(ps, sums.Length);
            CpuParallel.For(channels, (long)n * spatial, (s, e) =>
            {
                for (long c = s; c < e; c++)
                {
                    T acc = T.Zero;
                    for (int i = 0; i < n; i++)
                    {
                        acc += TensorPrimitives.Sum<T>(db.Slice(((long)i * channels + c) * spatial, spatial));
                    }

                    sb[c] = acc;
                }
            });
        }
    }

    internal static bool IsDepthwise(Conv2dGeometry g) => g.Groups > 1 && g.InPerGroup == 1;

    internal static bool IsIdentityIm2Col(Conv2dGeometry g)
        => g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0
           && g.OutH == g.InH && g.OutW == g.InW;

    /// <summary>Images per chunk: enough to give GEMM ~TargetColumns columns, within the column-buffer cap.</summary>
    internal static int ChunkImages(Conv2dGeometry g)
    {
        int ohw = g.OutH * g.OutW;
        long perImage = (long)g.InChannels * g.KernelH * g.KernelW * ohw;
        long nb = Math.Min(ConvGeometry.CeilDiv(TargetColumns, ohw), Math.Max(1, MaxColElements / Math.Max(1, perImage)));
        return (int)Math.Clamp(nb, 1, Math.Max(1, g.N));
    }

    // x images [n0, n0+nbA) → col (C*KH*KW, nbA*OH*OW): image b occupies columns [b*OHW, (b+1)*OHW).
    private static void Im2ColChunk<T>(Conv2dGeometry g, RawBuffer<T> x, int n0, int nbA, RawBuffer<T> col, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, hw = g.InH * g.InW, ohw = g.OutH * g.OutW, kk = g.KernelH * g.KernelW;
        CpuParallel.For((long)nbA * c, (long)kk * ohw, (s, e) =>
        {
            for (long idx = s; idx < e; idx++)
            {
                int b = (int)(idx / c), ch = (int)(idx % c);
                var plane = x.Slice(((long)(n0 + b) * c + ch) * hw, hw);
                Im2Col.Plane<T>(g, plane, col.Span[(ch * kk * ld + b * ohw)..], ld);
            }
        });
    }

    // col (C*KH*KW, nbA*OH*OW) → dx images [n0, n0+nbA), each plane zeroed then accumulated.
    private static void Col2ImChunk<T>(Conv2dGeometry g, RawBuffer<T> col, int ld, int n0, int nbA, RawBuffer<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, hw = g.InH * g.InW, ohw = g.OutH * g.OutW, kk = g.KernelH * g.KernelW;
        CpuParallel.For((long)nbA * c, (long)kk * ohw, (s, e) =>
        {
            for (long idx = s; idx < e; idx++)
            {
                int b = (int)(idx / c), ch = (int)(idx % c);
                var plane = dx.Slice(((long)(n0 + b) * c + ch) * hw, hw);
                plane.Clear();
                Im2Col.PlaneAccumulate<T>(g, col.Span[(ch * kk * ld + b * ohw)..], ld, plane);
            }
        });
    }

    // src images [n0, n0+nbA) of (K, S) planes → dst (K, nbA*S), the layout the chunked GEMMs use.
    internal static void GatherChunk<T>(RawBuffer<T> src, int n0, int nbA, int k, int s, RawBuffer<T> dst)
        where T : unmanaged
    {
        CpuParallel.For((long)nbA * k, s, (st, en) =>
        {
            for (long idx = st; idx < en; idx++)
            {
                long b = idx / k, ch = idx % k;
                src.Slice(((n0 + b) * k + ch) * s, s).CopyTo(dst.Slice((ch * nbA + b) * s, s));
            }
        });
    }

    internal static void CheckLength<T>(ReadOnlySpan<T> span, long expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"{name}: expected {expected} elements, got {span.Length}", name);
        }
    }

    private static void Return<T>(T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
