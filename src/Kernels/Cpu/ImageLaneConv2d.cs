using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// conv2d with the batch as the vector lanes. A block of L images (L = the GEMM micro-tile's width: 32 float32
/// images with AVX-512) is transposed so that every (position, channel) holds its L images side by side; then each
/// output position is a small GEMM over only the taps that land inside the image:
///   y[oh, ow] (K, L) = Σ over taps inside  W[:, :, kh, kw] (K, C) @ x[ih, iw] (C, L)
/// Two things im2col cannot do: the taps that fall on padding are skipped instead of multiplied by zero (28 % of
/// a 5×5 pad-2 conv's multiply-adds on 8×8 maps, 14 % on 16×16 maps), and x in (H, W, C, L) layout already is the
/// micro-kernel's packed B operand for a run of neighbouring taps, so nothing is gathered or packed per tile.
/// The price is transposing each block in and out. Taken for ungrouped convs with enough channels to fill the
/// micro-tiles and a batch that fills most of its blocks' lanes (<see cref="Applies"/>); the backward passes use
/// the same layouts: dx gathers W[:, :, kh, kw]ᵀ @ dy[oh, ow] into each dx[ih, iw] it reaches, and dW sums dy @ xᵀ
/// over the images and the output positions each tap reaches.
/// </summary>
public static class ImageLaneConv2d
{
    /// <summary>Fewest channels (in and out) worth it: fewer leave most of a 12-row tile or 32-wide panel empty.</summary>
    private const int MinimumChannels = 16;

    /// <summary>Images per block: the micro-tile's width for this element type on this CPU.</summary>
    public static int Lanes<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Vector512.IsHardwareAccelerated ? GemmMicroKernel<T, Vector512<T>, Simd512<T>>.NR : GemmMicroKernel<T, Vector256<T>, Simd256<T>>.NR;

    /// <summary>
    /// Ungrouped, more than one tap, 16+ channels each way, and a batch that fills at least three quarters of the
    /// lanes of its blocks (48 images: two blocks of 32, 75 %; 40 images stay on im2col).
    /// </summary>
    public static bool Applies<T>(Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => g.Groups == 1 && g.KernelH * g.KernelW > 1
           && g.InChannels >= MinimumChannels && g.OutChannels >= MinimumChannels
           && g.N >= Lanes<T>() && 4L * g.N >= 3L * Lanes<T>() * ((g.N + Lanes<T>() - 1) / Lanes<T>());

    // x: (N, C, H, W), weight: (K, C, KH, KW), bias: (K) or empty → y: (N, K, OH, OW)
    public static unsafe void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g, x.Length, g.InputLength, "x", weight.Length, y.Length, g.OutputLength, "y");
        fixed (T* px = x, pw = weight, pb = bias, py = y)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Lanes<T, Vector512<T>, Simd512<T>>.Forward(g, px, pw, bias.IsEmpty ? null : pb, py);
            }
            else
            {
                Lanes<T, Vector256<T>, Simd256<T>>.Forward(g, px, pw, bias.IsEmpty ? null : pb, py);
            }
        }
    }

    // dy: (N, K, OH, OW), weight: (K, C, KH, KW) → dx: (N, C, H, W)
    public static unsafe void BackwardInput<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g, dy.Length, g.OutputLength, "dy", weight.Length, dx.Length, g.InputLength, "dx");
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Lanes<T, Vector512<T>, Simd512<T>>.BackwardInput(g, pdy, pw, pdx);
            }
            else
            {
                Lanes<T, Vector256<T>, Simd256<T>>.BackwardInput(g, pdy, pw, pdx);
            }
        }
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dWeight: (K, C, KH, KW)
    public static unsafe void BackwardWeight<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g, x.Length, g.InputLength, "x", dWeight.Length, dy.Length, g.OutputLength, "dy");
        fixed (T* px = x, pdy = dy, pdw = dWeight)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Lanes<T, Vector512<T>, Simd512<T>>.BackwardWeight(g, px, pdy, pdw);
            }
            else
            {
                Lanes<T, Vector256<T>, Simd256<T>>.BackwardWeight(g, px, pdy, pdw);
            }
        }
    }

    private static void Check(Conv2dGeometry g, int firstLength, long firstExpected, string firstName, int weightLength,
        int lastLength, long lastExpected, string lastName)
    {
        if (g.Groups != 1)
        {
            throw new ArgumentException($"conv2d: the image-lane kernels take ungrouped convolutions, got groups={g.Groups}");
        }

        CheckLength(firstLength, firstExpected, firstName);
        CheckLength(weightLength, g.WeightLength, "weight");
        CheckLength(lastLength, lastExpected, lastName);
    }

    private static void CheckLength(int length, long expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name}: expected {expected} elements, got {length}", name);
        }
    }
}

/// <summary>
/// The kernels of <see cref="ImageLaneConv2d"/> for one register width; L = NR images per block. Blocks run one after
/// another and the workers share each block: transposes split by channel or image, the multiply-adds by output row
/// (forward), input row (dx) or tap (dW), so that no two workers write the same element and any worker count finds
/// work in a batch of a few blocks.
/// </summary>
internal static unsafe class Lanes<T, TV, TSimd>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TSimd : struct, ISimd<TV, T>
{
    private static int L => GemmMicroKernel<T, TV, TSimd>.NR;

    private static int MR => GemmBlocked<T, TV, TSimd>.MR;

    // ---------------------------------------------------------------------------------------------------------
    // forward: per block, xt (H, W, C, L) → yt (OH, OW, K, L); packed weights wp[tile][(kh, kw, c)][r]
    public static void Forward(Conv2dGeometry g, T* x, T* weight, T* bias, T* y)
    {
        int c = g.InChannels, k = g.OutChannels, taps = g.KernelH * g.KernelW, reduction = taps * c;
        int tiles = Ceil(k, MR), hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        T* wp = Alloc((long)tiles * reduction * MR);
        var xt = ThreadScratch.Get<T>(ThreadScratch.LanesIn, (long)hw * c * L).Pointer;
        var yt = ThreadScratch.Get<T>(ThreadScratch.LanesOut, (long)ohw * k * L).Pointer;
        try
        {
            // wp[(tile * reduction + tap * C + ci) * MR + r] = W[tile * MR + r, ci, tap]: a tap's channels are
            // consecutive, as they are in xt, so a run of taps is one contiguous reduction range on both sides.
            CpuParallel.For(tiles, (long)reduction * MR, (s, e) =>
            {
                for (long tile = s; tile < e; tile++)
                {
                    for (int tap = 0; tap < taps; tap++)
                    {
                        for (int ci = 0; ci < c; ci++)
                        {
                            T* dst = wp + (tile * reduction + tap * c + ci) * MR;
                            for (int r = 0; r < MR; r++)
                            {
                                long co = tile * MR + r;
                                dst[r] = co < k ? weight[(co * c + ci) * taps + tap] : T.Zero;
                            }
                        }
                    }
                }
            });

            for (int b0 = 0; b0 < g.N; b0 += L)
            {
                int nb = Math.Min(L, g.N - b0);
                ToLanes(x + (long)b0 * c * hw, nb, c, hw, xt);
                // one item per (output row, group of 12-row tiles of output channels): every tile of a group reads a
                // run of xt while it is still in L1 (Table-2's 16×16 layer: 300 GFLOP/s against 208 tile by tile);
                // the fewest groups that still give each worker about four items
                int groups = Math.Clamp(Ceil(4 * CpuParallel.Workers, g.OutH), 1, tiles);
                int tilesPerGroup = Ceil(tiles, groups);
                groups = Ceil(tiles, tilesPerGroup);
                CpuParallel.For((long)g.OutH * groups, (long)g.OutW * reduction * MR * L * tilesPerGroup, (s, e) =>
                {
                    Span<Run> runs = stackalloc Run[taps];
                    for (long item = s; item < e; item++)
                    {
                        int oh = (int)(item / groups), tile0 = (int)(item % groups) * tilesPerGroup;
                        int tile1 = Math.Min(tiles, tile0 + tilesPerGroup);
                        for (int ow = 0; ow < g.OutW; ow++)
                        {
                            int count = TapRuns(g, oh, ow, runs);
                            T* position = yt + (long)(oh * g.OutW + ow) * k * L;
                            if (count == 0)
                            {
                                new Span<T>(position + (long)tile0 * MR * L, (Math.Min(k, tile1 * MR) - tile0 * MR) * L).Clear();
                            }

                            for (int i = 0; i < count; i++)
                            {
                                // xt from (ih, iw) on holds the run's taps one after another, C rows each.
                                T* b = xt + (long)(runs[i].Ih * g.InW + runs[i].Iw) * c * L;
                                for (int tile = tile0; tile < tile1; tile++)
                                {
                                    GemmMicroKernel<T, TV, TSimd>.Run(Math.Min(MR, k - tile * MR), L, runs[i].Length * c,
                                        wp + ((long)tile * reduction + (long)runs[i].Tap * c) * MR, MR, b, position + (long)tile * MR * L, L,
                                        T.One, T.One, overwrite: i == 0);
                                }
                            }
                        }
                    }
                });
                FromLanes(yt, nb, k, ohw, y + (long)b0 * k * ohw, bias);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(wp);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dx: per block, dyt (OH, OW, K, L) → dxt (H, W, C, L) = Σ over the outputs each input pixel feeds of
    // W[:, :, tap]ᵀ @ dyt[oh, ow]; packed wtp[(tap, tile)][co][r] = W[co, tile * MR + r, tap]
    public static void BackwardInput(Conv2dGeometry g, T* dy, T* weight, T* dx)
    {
        int c = g.InChannels, k = g.OutChannels, taps = g.KernelH * g.KernelW;
        int tiles = Ceil(c, MR), hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        T* wtp = Alloc((long)taps * tiles * k * MR);
        var dyt = ThreadScratch.Get<T>(ThreadScratch.LanesIn, (long)ohw * k * L).Pointer;
        var dxt = ThreadScratch.Get<T>(ThreadScratch.LanesOut, (long)hw * c * L).Pointer;
        try
        {
            CpuParallel.For((long)taps * tiles, (long)k * MR, (s, e) =>
            {
                for (long item = s; item < e; item++)
                {
                    long tap = item / tiles, tile = item % tiles;
                    for (int co = 0; co < k; co++)
                    {
                        T* dst = wtp + (item * k + co) * MR;
                        for (int r = 0; r < MR; r++)
                        {
                            long ci = tile * MR + r;
                            dst[r] = ci < c ? weight[((long)co * c + ci) * taps + tap] : T.Zero;
                        }
                    }
                }
            });

            for (int b0 = 0; b0 < g.N; b0 += L)
            {
                int nb = Math.Min(L, g.N - b0);
                ToLanes(dy + (long)b0 * k * ohw, nb, k, ohw, dyt);
                // one item per input row: it gathers from every (output, tap) that reads the row, so no two
                // workers add into the same pixel
                CpuParallel.For(g.InH, (long)g.InW * taps * c * k * L / Math.Max(1, g.StrideH * g.StrideW), (s, e) =>
                {
                    for (int ih = (int)s; ih < e; ih++)
                    {
                        T* dxRow = dxt + (long)ih * g.InW * c * L;
                        new Span<T>(dxRow, g.InW * c * L).Clear();
                        for (int kh = 0; kh < g.KernelH; kh++)
                        {
                            int reach = ih + g.PadH - kh * g.DilationH; // = oh * stride when output oh reads row ih at kh
                            if (reach < 0 || reach % g.StrideH != 0 || reach / g.StrideH >= g.OutH)
                            {
                                continue;
                            }

                            int oh = reach / g.StrideH;
                            for (int ow = 0; ow < g.OutW; ow++)
                            {
                                int iw0 = ow * g.StrideW - g.PadW;
                                var (kw0, kw1) = ValidRange(iw0, g.DilationW, g.KernelW, g.InW);
                                T* dyPos = dyt + (long)(oh * g.OutW + ow) * k * L;
                                for (int kw = kw0; kw < kw1; kw++)
                                {
                                    T* dxPos = dxRow + (long)(iw0 + kw * g.DilationW) * c * L;
                                    T* tapWeights = wtp + (long)(kh * g.KernelW + kw) * tiles * k * MR;
                                    for (int tile = 0; tile < tiles; tile++)
                                    {
                                        GemmMicroKernel<T, TV, TSimd>.Run(Math.Min(MR, c - tile * MR), L, k, tapWeights + (long)tile * k * MR, MR,
                                            dyPos, dxPos + (long)tile * MR * L, L, T.One, T.One, overwrite: false);
                                    }
                                }
                            }
                        }
                    }
                });
                FromLanes(dxt, nb, c, hw, dx + (long)b0 * c * hw, null);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(wtp);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dW: per block, dy and x become the micro-kernel's packed A (MR channels wide) and B (L channels wide), with
    // the images as the reduction: A (rows, MR tiles, cols, L, MR) and B (rows, L panels, cols, L, L). For a tap
    // and an output row, the outputs (ow, image) the tap reaches in that row are one contiguous reduction range of
    // both (stride 1; one range per output column otherwise). A is dy and the sum dWt (tap, K, C), or, where C
    // fills the 12-row tiles better than the 32-wide panels (33 channels: 92 % against 52 %), A is x and the sum
    // (tap, C, K). dWt gathers every block, then is transposed into dWeight (K, C, KH, KW).
    public static void BackwardWeight(Conv2dGeometry g, T* x, T* dy, T* dWeight)
    {
        int c = g.InChannels, k = g.OutChannels, taps = g.KernelH * g.KernelW, hw = g.InH * g.InW, ohw = g.OutH * g.OutW;
        bool xRows = TileUse(c, k) > TileUse(k, c);
        int rowChannels = xRows ? c : k, colChannels = xRows ? k : c;
        int rowTiles = Ceil(rowChannels, MR), colPanels = Ceil(colChannels, L);
        var xPacked = ThreadScratch.Get<T>(ThreadScratch.LanesIn, (long)g.InH * (xRows ? rowTiles * MR : colPanels * L) * g.InW * L).Pointer;
        var dyPacked = ThreadScratch.Get<T>(ThreadScratch.LanesOut, (long)g.OutH * (xRows ? colPanels * L : rowTiles * MR) * g.OutW * L).Pointer;
        T* aPacked = xRows ? xPacked : dyPacked, bPacked = xRows ? dyPacked : xPacked;
        // Output rows shared among the workers when there are enough of them and the sum of all taps is small (1 MB of
        // float32): each worker then reads the block's rows near its own output rows once for every tap and tile (from
        // L2), into a private sum, and the sums are added at the end (the 16×16 and 32×32 layers: 20-40 % faster).
        // Otherwise (ResNet's 2×2 and 1×1 maps, 256 × 256 channels) items are (tap, group of row tiles), each owning
        // its rows of one shared sum and streaming the whole block once.
        long sumLength = (long)taps * k * c;
        int workers = g.OutH >= 2 * CpuParallel.Workers && sumLength <= 1 << 18 ? CpuParallel.Workers : 1;
        T[] sums = ArrayPool<T>.Shared.Rent((int)(sumLength * workers));
        try
        {
            fixed (T* pSums = sums)
            {
                T* dWt = pSums; // the sum of all taps; with the rows shared, worker w's own sum at dWt + w * sumLength

                // adds the products of output row oh at one tap into that tap's sum (rowChannels × colChannels), row
                // tiles rt0 to rt1
                void AccumulateRow(T* tapSum, int tap, int oh, int rt0, int rt1)
                {
                    int kh = tap / g.KernelW, kw = tap % g.KernelW;
                    int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                    var (ow0, ow1) = ValidRange(kw * g.DilationW - g.PadW, g.StrideW, g.OutW, g.InW);
                    if (ih < 0 || ih >= g.InH || ow0 >= ow1)
                    {
                        return;
                    }

                    // stride 1: the whole column range is one run; otherwise one output column per run.
                    int runLength = g.StrideW == 1 ? ow1 - ow0 : 1;
                    for (int ow = ow0; ow < ow1; ow += runLength)
                    {
                        int iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
                        var (aRow, aCol, aWidth) = xRows ? (ih, iw, g.InW) : (oh, ow, g.OutW);
                        var (bRow, bCol, bWidth) = xRows ? (oh, ow, g.OutW) : (ih, iw, g.InW);
                        for (int rt = rt0; rt < rt1; rt++)
                        {
                            T* a = aPacked + (((long)aRow * rowTiles + rt) * aWidth + aCol) * L * MR;
                            T* sumRows = tapSum + (long)rt * MR * colChannels;
                            int rows = Math.Min(MR, rowChannels - rt * MR);
                            for (int cp = 0; cp < colPanels; cp++)
                            {
                                GemmMicroKernel<T, TV, TSimd>.Run(rows, Math.Min(L, colChannels - cp * L), runLength * L, a, MR,
                                    bPacked + (((long)bRow * colPanels + cp) * bWidth + bCol) * L * L,
                                    sumRows + cp * L, colChannels, T.One, T.One, overwrite: false);
                            }
                        }
                    }
                }

                for (int b0 = 0; b0 < g.N; b0 += L)
                {
                    int nb = Math.Min(L, g.N - b0);
                    ToPanels(x + (long)b0 * c * hw, nb, c, g.InH, g.InW, xRows ? MR : L, xPacked);
                    ToPanels(dy + (long)b0 * k * ohw, nb, k, g.OutH, g.OutW, xRows ? L : MR, dyPacked);
                    bool first = b0 == 0;
                    if (workers > 1)
                    {
                        CpuParallel.For(workers, (long)ohw * taps * colPanels * rowTiles * MR * L * L / workers, (s, e) =>
                        {
                            for (long w = s; w < e; w++)
                            {
                                T* own = dWt + w * sumLength;
                                if (first)
                                {
                                    new Span<T>(own, (int)sumLength).Clear();
                                }

                                for (int oh = (int)(g.OutH * w / workers); oh < g.OutH * (w + 1) / workers; oh++)
                                {
                                    for (int tap = 0; tap < taps; tap++)
                                    {
                                        AccumulateRow(own + (long)tap * rowChannels * colChannels, tap, oh, 0, rowTiles);
                                    }
                                }
                            }
                        });
                        continue;
                    }

                    // the fewest groups of row tiles that give each worker about eight items
                    int groups = Math.Clamp(Ceil(8 * CpuParallel.Workers, taps), 1, rowTiles);
                    int tilesPerGroup = Ceil(rowTiles, groups);
                    groups = Ceil(rowTiles, tilesPerGroup);
                    CpuParallel.For((long)taps * groups, (long)ohw * colPanels * MR * L * L * tilesPerGroup, (s, e) =>
                    {
                        for (long item = s; item < e; item++)
                        {
                            int tap = (int)(item / groups);
                            int rt0 = (int)(item % groups) * tilesPerGroup, rt1 = Math.Min(rowTiles, rt0 + tilesPerGroup);
                            T* tapSum = dWt + (long)tap * rowChannels * colChannels;
                            if (first)
                            {
                                int firstRow = rt0 * MR, lastRow = Math.Min(rowChannels, rt1 * MR);
                                new Span<T>(tapSum + (long)firstRow * colChannels, (lastRow - firstRow) * colChannels).Clear();
                            }

                            for (int oh = 0; oh < g.OutH; oh++)
                            {
                                AccumulateRow(tapSum, tap, oh, rt0, rt1);
                            }
                        }
                    });
                }

                for (int w = 1; w < workers; w++)
                {
                    var total = new Span<T>(dWt, (int)sumLength);
                    TensorPrimitives.Add(total, new ReadOnlySpan<T>(dWt + w * sumLength, (int)sumLength), total);
                }

                // dWeight[co, ci, tap] = dWt[tap, co, ci] (or [tap, ci, co])
                CpuParallel.For(k, (long)c * taps, (s, e) =>
                {
                    for (long co = s; co < e; co++)
                    {
                        for (int ci = 0; ci < c; ci++)
                        {
                            for (int tap = 0; tap < taps; tap++)
                            {
                                dWeight[(co * c + ci) * taps + tap] = dWt[(long)tap * k * c + (xRows ? ci * k + co : co * c + ci)];
                            }
                        }
                    }
                });
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(sums);
        }
    }

    // Share of an (m × n) product's multiply-adds that land inside it with MR-row tiles and L-wide panels.
    private static double TileUse(int m, int n) => (double)m * n / ((long)Ceil(m, MR) * MR * Ceil(n, L) * L);

    // ---------------------------------------------------------------------------------------------------------

    /// <summary>A run of taps in one kernel row that all land inside the image: first tap, its input pixel, count.</summary>
    private readonly record struct Run(int Tap, int Ih, int Iw, int Length);

    /// <summary>
    /// The taps of output (oh, ow) that land inside the input, as runs: with dilation 1 a kernel row's valid taps
    /// read consecutive pixels, so they are one run; with dilation each tap is its own run.
    /// </summary>
    private static int TapRuns(Conv2dGeometry g, int oh, int ow, Span<Run> runs)
    {
        int ih0 = oh * g.StrideH - g.PadH, iw0 = ow * g.StrideW - g.PadW;
        var (kh0, kh1) = ValidRange(ih0, g.DilationH, g.KernelH, g.InH);
        var (kw0, kw1) = ValidRange(iw0, g.DilationW, g.KernelW, g.InW);
        int count = 0;
        for (int kh = kh0; kh < kh1; kh++)
        {
            int ih = ih0 + kh * g.DilationH;
            if (g.DilationW == 1)
            {
                if (kw1 > kw0)
                {
                    runs[count++] = new Run(kh * g.KernelW + kw0, ih, iw0 + kw0, kw1 - kw0);
                }

                continue;
            }

            for (int kw = kw0; kw < kw1; kw++)
            {
                runs[count++] = new Run(kh * g.KernelW + kw, ih, iw0 + kw * g.DilationW, 1);
            }
        }

        return count;
    }

    /// <summary>The t in [0, count) with 0 ≤ offset + t·step &lt; size, as [lo, hi) (empty when hi ≤ lo).</summary>
    internal static (int Lo, int Hi) ValidRange(int offset, int step, int count, int size)
    {
        int lo = offset >= 0 ? 0 : (-offset + step - 1) / step;
        int hi = offset > size - 1 ? 0 : Math.Min(count, (size - 1 - offset) / step + 1);
        return (lo, Math.Max(lo, hi));
    }

    // src (nb, ch, P) → dst (P, ch, L): dst[(p * ch + c) * L + lane]; lanes nb.. are zero. Parallel over channels.
    private static void ToLanes(T* src, int nb, int ch, int positions, T* dst)
    {
        int lanes = L;
        CpuParallel.For(ch, (long)positions * lanes, (s, e) =>
        {
            for (long c = s; c < e; c++)
            {
                BlockTranspose.Run(src + c * positions, (long)ch * positions, dst + c * lanes, (long)ch * lanes, nb, positions, T.Zero);
                for (int p = nb < lanes ? 0 : positions; p < positions; p++)
                {
                    new Span<T>(dst + ((long)p * ch + c) * lanes + nb, lanes - nb).Clear();
                }
            }
        });
    }

    // src (P, ch, L) → dst (nb, ch, P) (+ bias[c]); lanes nb.. are dropped. Parallel over channels.
    private static void FromLanes(T* src, int nb, int ch, int positions, T* dst, T* bias)
    {
        int lanes = L;
        CpuParallel.For(ch, (long)positions * nb, (s, e) =>
        {
            for (long c = s; c < e; c++)
            {
                BlockTranspose.Run(src + c * lanes, (long)ch * lanes, dst + c * positions, (long)ch * positions, positions, nb,
                    bias == null ? T.Zero : bias[c]);
            }
        });
    }

    // src (nb, ch, H, W) → dst (H, ch/width, W, L, width): dst[((h * panels + q) * W + w) * L * width + lane * width + j]
    // = src[lane, q * width + j, h, w]; lanes nb.. and channels ch.. are zero. Parallel over lanes.
    private static void ToPanels(T* src, int nb, int ch, int height, int width, int panelWidth, T* dst)
    {
        int lanes = L, panels = Ceil(ch, panelWidth), hw = height * width;
        CpuParallel.For(lanes, (long)panels * panelWidth * hw, (s, e) =>
        {
            for (int lane = (int)s; lane < e; lane++)
            {
                for (int q = 0; q < panels; q++)
                {
                    int filled = lane < nb ? Math.Min(panelWidth, ch - q * panelWidth) : 0;
                    for (int h = 0; h < height; h++)
                    {
                        T* panelRow = dst + (((long)h * panels + q) * width * lanes + lane) * panelWidth;
                        BlockTranspose.Run(src + ((long)lane * ch + q * panelWidth) * hw + h * width, hw, panelRow,
                            (long)lanes * panelWidth, filled, width, T.Zero);
                        for (int w = filled < panelWidth ? 0 : width; w < width; w++)
                        {
                            new Span<T>(panelRow + (long)w * lanes * panelWidth + filled, panelWidth - filled).Clear();
                        }
                    }
                }
            }
        });
    }

    private static int Ceil(int value, int multiple) => (value + multiple - 1) / multiple;

    private static T* Alloc(long elements) => (T*)NativeMemory.AlignedAlloc((nuint)(elements * sizeof(T)), 64);
}
