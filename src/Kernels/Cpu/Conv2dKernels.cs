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
/// GEMMs would be 1-row matrices; maps smaller than the kernel run as one dense GEMM (<see cref="SmallMapConv2d"/>);
/// 3×3 and 5×5 stride-1 float convs with enough channels go by Winograd's F(4×4, 3×3) and F(4×4, 5×5)
/// (<see cref="WinogradConv2d"/>); other ungrouped convs with 16+ channels and a batch that fills most of its 32-image
/// blocks take the image-lane kernels, which skip the taps on the padding (<see cref="ImageLaneConv2d"/>).
/// Every output is fully overwritten; empty <c>bias</c> means no bias.
/// </summary>
public static class Conv2dKernels
{
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

        if (DirectConv2d.Applies(g))
        {
            DirectConv2d.Forward(g, x, weight, bias, y);
            return;
        }

        if (SmallMapConv2d.Applies(g))
        {
            SmallMapConv2d.Forward(g, x, weight, bias, y);
            return;
        }

        if (WinogradConv2d.AppliesForward<T>(g))
        {
            WinogradConv2d.Forward(g, AsFloat(x), AsFloat(weight), AsFloat(bias), AsFloat(y));
            return;
        }

        if (ImageLaneConv2d.Applies<T>(g))
        {
            ImageLaneConv2d.Forward(g, x, weight, bias, y);
            return;
        }

        if (FewChannelConv2d.Applies<T>(g))
        {
            FewChannelConv2d.Forward(g, AsFloat(x), AsFloat(weight), AsFloat(bias), AsFloat(y));
            return;
        }

        if (PackedColumnConv2d.Applies<T>(g))
        {
            PackedColumnConv2d.Forward(g, AsFloat(x), AsFloat(weight), AsFloat(bias), AsFloat(y));
            return;
        }

        if (BandRows(g) is int bandRows)
        {
            ForwardByRowBands(g, bandRows, x, weight, bias, y);
            return;
        }

        int ohw = g.OutH * g.OutW, kOut = g.OutChannels, rows = g.ColRows, kg = g.OutPerGroup;
        fixed (T* px = x, pw = weight, py = y, pb = bias)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var bb = new RawBuffer<T>(pb, bias.Length);
            ForEachImageRange(g, (_, first, end) =>
            {
                var work = new ChunkWorkspace<T>(g, first, end);
                for (int n0 = first; n0 < end; n0 += work.Images)
                {
                    int nbA = Math.Min(work.Images, end - n0), ld = nbA * ohw;
                    var col = ChunkColumns(g, work, xb, n0, nbA);

                    // One image: GEMM straight into y; several: into (K, nb, OH*OW) then scatter.
                    Span<T> dst = nbA == 1 ? yb.Slice((long)n0 * kOut * ohw, kOut * ohw) : work.Gathered.Span;
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(false, false, kg, ld, rows, T.One,
                            wb.Span[(grp * kg * rows)..], rows, col[(grp * rows * ld)..], ld, T.Zero, dst[(grp * kg * ld)..], ld);
                    }

                    if (nbA > 1 || bb.Length > 0)
                    {
                        ScatterAddBias(work.Gathered, nbA > 1, bb, yb, n0, nbA, kOut, ohw);
                    }
                }
            });
        }
    }

    // Winograd runs on float only (Applies checks T), so these reinterpretations never change a type.
    private static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> span)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(span);

    private static Span<float> AsFloat<T>(Span<T> span)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(span);

    /// <summary>
    /// Output rows per band when an image's column matrix is too large to stay in cache (super-resolution on a whole
    /// picture: FSRCNN's 3×3 layers on a 512² plane would write a 113 MB matrix and stream it back, and a batch of
    /// one leaves the second worker idle); null when images go whole. Bands hold about <see cref="BandElements"/>
    /// column elements.
    /// </summary>
    public static int? BandRows(Conv2dGeometry g)
    {
        long perRow = (long)g.ColRows * g.Groups * g.OutW;
        if (IsIdentityIm2Col(g) || perRow * g.OutH <= MaxImageColumnElements)
        {
            return null;
        }

        return (int)Math.Clamp(BandElements / perRow, 1, g.OutH);
    }

    /// <summary>Column elements of one image above which it goes by row bands (4 MB of float32).</summary>
    private const long MaxImageColumnElements = 1L << 20;

    /// <summary>Column elements of one band: about 1 MB of float32, in the core's L2 with the GEMM's packed panels.</summary>
    private const long BandElements = 1L << 18;

    // Each (image, band of output rows) is a task: im2col of the band, then per group y[band] = W_g @ col_g (+ bias).
    private static unsafe void ForwardByRowBands<T>(Conv2dGeometry g, int bandRows, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ohw = g.OutH * g.OutW, kOut = g.OutChannels, rows = g.ColRows, kg = g.OutPerGroup;
        int bands = (g.OutH + bandRows - 1) / bandRows;
        fixed (T* px = x, pw = weight, py = y, pb = bias)
        {
            var xb = new RawBuffer<T>(px, x.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var yb = new RawBuffer<T>(py, y.Length);
            var bb = new RawBuffer<T>(pb, bias.Length);
            CpuParallel.For((long)g.N * bands, (long)kOut * bandRows * g.OutW * rows, (start, end) =>
            {
                var col = ThreadScratch.Get<T>(ThreadScratch.Columns, (long)rows * g.Groups * bandRows * g.OutW);
                for (long task = start; task < end; task++)
                {
                    int n = (int)(task / bands), oh0 = (int)(task % bands) * bandRows, oh1 = Math.Min(g.OutH, oh0 + bandRows);
                    int ld = (oh1 - oh0) * g.OutW;
                    Im2Col.ForwardRows(g, xb.Slice((long)n * g.InputPerImage, g.InputPerImage), col.Span, ld, oh0, oh1);
                    var image = yb.Slice((long)n * kOut * ohw, kOut * ohw);
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(false, false, kg, ld, rows, T.One, wb.Span[(grp * kg * rows)..], rows,
                            col.Span[(grp * rows * ld)..], ld, T.Zero, image[(grp * kg * ohw + oh0 * g.OutW)..], ohw);
                    }

                    for (int k = 0; k < bb.Length; k++)
                    {
                        TensorPrimitives.Add(image.Slice(k * ohw + oh0 * g.OutW, ld), bb[k], image.Slice(k * ohw + oh0 * g.OutW, ld));
                    }
                }
            });
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

        if (DirectConv2d.Applies(g))
        {
            DirectConv2d.BackwardInput(g, dy, weight, dx);
            return;
        }

        if (SmallMapConv2d.Applies(g))
        {
            SmallMapConv2d.BackwardInput(g, dy, weight, dx);
            return;
        }

        if (WinogradConv2d.AppliesBackwardInput<T>(g))
        {
            WinogradConv2d.BackwardInput(g, AsFloat(dy), AsFloat(weight), AsFloat(dx));
            return;
        }

        if (ImageLaneConv2d.Applies<T>(g))
        {
            ImageLaneConv2d.BackwardInput(g, dy, weight, dx);
            return;
        }

        int ohw = g.OutH * g.OutW, kOut = g.OutChannels, rows = g.ColRows, kg = g.OutPerGroup;
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            var dyb = new RawBuffer<T>(pdy, dy.Length);
            var wb = new RawBuffer<T>(pw, weight.Length);
            var dxb = new RawBuffer<T>(pdx, dx.Length);
            ForEachImageRange(g, (_, first, end) =>
            {
                var work = new ChunkWorkspace<T>(g, first, end);
                for (int n0 = first; n0 < end; n0 += work.Images)
                {
                    int nbA = Math.Min(work.Images, end - n0), ld = nbA * ohw;
                    ReadOnlySpan<T> dySrc = nbA == 1 ? dyb.Slice((long)n0 * kOut * ohw, kOut * ohw) : work.Gathered.Span;
                    if (nbA > 1)
                    {
                        GatherChunk(dyb, n0, nbA, kOut, ohw, work.Gathered);
                    }

                    Span<T> dcol = work.Direct ? dxb.Slice((long)n0 * g.InputPerImage, g.InputPerImage) : work.Col.Span;
                    for (int grp = 0; grp < g.Groups; grp++)
                    {
                        GemmDispatch.Gemm(true, false, rows, ld, kg, T.One,
                            wb.Span[(grp * kg * rows)..], rows, dySrc[(grp * kg * ld)..], ld, T.Zero, dcol[(grp * rows * ld)..], ld);
                    }

                    if (!work.Direct)
                    {
                        Col2ImChunk(g, work.Col, ld, n0, nbA, dxb);
                    }
                }
            });
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

        if (DirectConv2d.Applies(g))
        {
            DirectConv2d.BackwardWeight(g, x, dy, dWeight);
            return;
        }

        if (SmallMapConv2d.Applies(g))
        {
            SmallMapConv2d.BackwardWeight(g, x, dy, dWeight);
            return;
        }

        if (WinogradConv2d.AppliesBackwardWeight<T>(g))
        {
            WinogradConv2d.BackwardWeight(g, AsFloat(x), AsFloat(dy), AsFloat(dWeight));
            return;
        }

        if (ImageLaneConv2d.Applies<T>(g))
        {
            ImageLaneConv2d.BackwardWeight(g, x, dy, dWeight);
            return;
        }

        int ohw = g.OutH * g.OutW, kOut = g.OutChannels, rows = g.ColRows, kg = g.OutPerGroup;
        int ranges = ImageRanges(g);
        bool transposed = TransposedWeightGradient<T>(g);
        // Range 0 sums into dWeight itself, every other range into its own partial sum, added at the end.
        T[]? partials = ranges > 1 ? ArrayPool<T>.Shared.Rent((ranges - 1) * (int)g.WeightLength) : null;
        try
        {
            fixed (T* px = x, pdy = dy, pdw = dWeight, ppart = partials)
            {
                var xb = new RawBuffer<T>(px, x.Length);
                var dyb = new RawBuffer<T>(pdy, dy.Length);
                var dwb = new RawBuffer<T>(pdw, dWeight.Length);
                var partb = new RawBuffer<T>(ppart, partials?.Length ?? 0);
                ForEachImageRange(g, (range, first, end) =>
                {
                    var sum = range == 0 ? dwb.Span : partb.Slice((range - 1) * g.WeightLength, (int)g.WeightLength);
                    var work = new ChunkWorkspace<T>(g, first, end);
                    var sumT = transposed ? ThreadScratch.Get<T>(ThreadScratch.TransposedWeightGradient, (long)rows * kg) : default;
                    for (int n0 = first; n0 < end; n0 += work.Images)
                    {
                        int nbA = Math.Min(work.Images, end - n0), ld = nbA * ohw;
                        var col = ChunkColumns(g, work, xb, n0, nbA);

                        ReadOnlySpan<T> dySrc = nbA == 1 ? dyb.Slice((long)n0 * kOut * ohw, kOut * ohw) : work.Gathered.Span;
                        if (nbA > 1)
                        {
                            GatherChunk(dyb, n0, nbA, kOut, ohw, work.Gathered);
                        }

                        T beta = n0 == first ? T.Zero : T.One; // the range's first chunk overwrites, later ones accumulate
                        if (transposed)
                        {
                            // dWᵀ (rows, K) = cols (rows, P) @ dYᵀ (P, K): the tall side gets the 12-row tiles
                            GemmDispatch.Gemm(false, true, rows, kg, ld, T.One, col, ld, dySrc, ld, beta, sumT.Span, kg);
                            continue;
                        }

                        for (int grp = 0; grp < g.Groups; grp++)
                        {
                            GemmDispatch.Gemm(false, true, kg, rows, ld, T.One,
                                dySrc[(grp * kg * ld)..], ld, col[(grp * rows * ld)..], ld, beta, sum[(grp * kg * rows)..], rows);
                        }
                    }

                    if (transposed)
                    {
                        TransposeInto(sumT, rows, kg, sum);
                    }
                });

                for (int r = 1; r < ranges; r++)
                {
                    TensorPrimitives.Add<T>(dWeight, partb.Slice((r - 1) * g.WeightLength, (int)g.WeightLength), dWeight);
                }
            }
        }
        finally
        {
            Return(partials);
        }
    }

    // dWᵀ = cols @ dYᵀ when that orientation fills the micro-tiles far better: Table-2's first layer (K = 32 outputs,
    // 75 rows) uses 69 % of its tiles as dW and 89 % as dWᵀ (alternated runs: 6.9-10.9 against 8.5-11.1 ms; SRCNN's
    // 9x9 first layer 13.5-19.1 against 17.5-22.0). A modest gain (conv2's 89 % -> 99 %) is not enough: dWᵀ packs
    // the large column matrix as the GEMM's A operand, which costs more (conv2 20-21 -> 24-29 ms).
    private static bool TransposedWeightGradient<T>(Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => g.Groups == 1 && Gemm.TileUse<T>(g.ColRows, g.OutChannels) > 1.2 * Gemm.TileUse<T>(g.OutChannels, g.ColRows);

    // src (rows, cols) → dst (cols, rows)
    private static void TransposeInto<T>(RawBuffer<T> src, int rows, int cols, Span<T> dst)
        where T : unmanaged
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                dst[c * rows + r] = src[(long)r * cols + c];
            }
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

    /// <summary>
    /// One contiguous range of images per worker when the batch feeds every worker: each worker then runs im2col and
    /// single-threaded GEMMs on its own images, with no hand-off per GEMM. A smaller batch is one range, and the
    /// kernels inside run parallel instead.
    /// </summary>
    internal static int ImageRanges(Conv2dGeometry g) => g.N >= CpuParallel.Workers && !CpuParallel.IsInsideWorker ? CpuParallel.Workers : 1;

    private static void ForEachImageRange(Conv2dGeometry g, Action<int, int, int> body)
    {
        int ranges = ImageRanges(g), n = g.N;
        long costPerRange = (long)g.OutChannels * g.OutH * g.OutW * g.ColRows * n / ranges;
        CpuParallel.For(ranges, costPerRange, (s, e) =>
        {
            for (long r = s; r < e; r++)
            {
                body((int)r, (int)(n * r / ranges), (int)(n * (r + 1) / ranges));
            }
        });
    }

    // gathered (K, nbA, S) → y planes of images [n0, n0+nbA) when scatter, then + bias[k] on each plane.
    private static void ScatterAddBias<T>(RawBuffer<T> gathered, bool scatter, RawBuffer<T> bias, RawBuffer<T> y,
        int n0, int nbA, int k, int s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For((long)nbA * k, s, (st, en) =>
        {
            for (long idx = st; idx < en; idx++)
            {
                int b = (int)(idx / k), ch = (int)(idx % k);
                var plane = y.Slice(((long)(n0 + b) * k + ch) * s, s);
                if (scatter)
                {
                    gathered.Slice((long)ch * nbA * s + (long)b * s, s).CopyTo(plane);
                }

                if (bias.Length > 0)
                {
                    TensorPrimitives.Add(plane, bias[ch], plane);
                }
            }
        });
    }

    internal static bool IsIdentityIm2Col(Conv2dGeometry g)
        => g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0
           && g.OutH == g.InH && g.OutW == g.InW;

    // The chunk's column matrix (C*KH*KW, nbA*OH*OW): the image itself when im2col is the identity, else written
    // into the workspace.
    private static ReadOnlySpan<T> ChunkColumns<T>(Conv2dGeometry g, ChunkWorkspace<T> work, RawBuffer<T> x, int n0, int nbA)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (work.Direct)
        {
            return x.Slice((long)n0 * g.InputPerImage, g.InputPerImage);
        }

        Im2ColChunk(g, x, n0, nbA, work.Col, nbA * g.OutH * g.OutW);
        return work.Col.Span;
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
