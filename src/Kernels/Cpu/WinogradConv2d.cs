using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Stride-1 float convolutions by Winograd's minimal filtering (Lavin and Gray, 2016), as oneDNN and cuDNN offer it:
/// F(4×4, 3×3) for 3×3 filters (<see cref="WinogradF4x3"/>) and F(4×4, 5×5) for 5×5 ones (<see cref="WinogradF4x5"/>).
/// This class picks the algorithm by the filter's side; <see cref="WinogradConv2d{TTransforms}"/> does the work.
/// </summary>
public static class WinogradConv2d
{
    /// <summary>
    /// The convolutions the transforms can do: float, 3×3 or 5×5, stride 1, no dilation, one group, padding at most
    /// the filter's side less one, and filter banks of at most 512 × 512 channels.
    /// </summary>
    public static bool Fits<T>(Conv2dGeometry g) => g.KernelH switch
    {
        3 => WinogradConv2d<WinogradF4x3>.Fits<T>(g),
        5 => WinogradConv2d<WinogradF4x5>.Fits<T>(g),
        _ => false,
    };

    public static bool AppliesForward<T>(Conv2dGeometry g) => g.KernelH switch
    {
        3 => WinogradConv2d<WinogradF4x3>.AppliesForward<T>(g),
        5 => WinogradConv2d<WinogradF4x5>.AppliesForward<T>(g),
        _ => false,
    };

    public static bool AppliesBackwardInput<T>(Conv2dGeometry g) => g.KernelH switch
    {
        3 => WinogradConv2d<WinogradF4x3>.AppliesBackwardInput<T>(g),
        5 => WinogradConv2d<WinogradF4x5>.AppliesBackwardInput<T>(g),
        _ => false,
    };

    public static bool AppliesBackwardWeight<T>(Conv2dGeometry g) => g.KernelH switch
    {
        3 => WinogradConv2d<WinogradF4x3>.AppliesBackwardWeight<T>(g),
        5 => WinogradConv2d<WinogradF4x5>.AppliesBackwardWeight<T>(g),
        _ => false,
    };

    // x: (N, C, H, W), weight: (K, C, r, r), bias: (K) or empty → y: (N, K, OH, OW)
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        switch (g.KernelH)
        {
            case 3:
                WinogradConv2d<WinogradF4x3>.Forward(g, x, weight, bias, y);
                break;
            case 5:
                WinogradConv2d<WinogradF4x5>.Forward(g, x, weight, bias, y);
                break;
            default:
                throw NoAlgorithm(g);
        }
    }

    // dy: (N, K, OH, OW), weight: (K, C, r, r) → dx: (N, C, H, W)
    public static void BackwardInput(Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx)
    {
        switch (g.KernelH)
        {
            case 3:
                WinogradConv2d<WinogradF4x3>.BackwardInput(g, dy, weight, dx);
                break;
            case 5:
                WinogradConv2d<WinogradF4x5>.BackwardInput(g, dy, weight, dx);
                break;
            default:
                throw NoAlgorithm(g);
        }
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dw: (K, C, r, r), overwritten
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight)
    {
        switch (g.KernelH)
        {
            case 3:
                WinogradConv2d<WinogradF4x3>.BackwardWeight(g, x, dy, dWeight);
                break;
            case 5:
                WinogradConv2d<WinogradF4x5>.BackwardWeight(g, x, dy, dWeight);
                break;
            default:
                throw NoAlgorithm(g);
        }
    }

    private static ArgumentException NoAlgorithm(Conv2dGeometry g)
        => new($"Winograd convolution: no algorithm for {g.KernelH}×{g.KernelW} filters (3×3 and 5×5 only)");
}

/// <summary>
/// Winograd's F(4×4, r×r) for one set of transforms: an α×α input tile d (α = 4 + r − 1) and an r×r filter w meet in
/// an α×α transform domain, so a chunk of T output tiles becomes α² GEMMs, one per transform position ξ:
///   U = G w Gᵀ (α², K, C)    V = Bᵀ d B (α², C, T)    M_ξ (K, T) = U_ξ (K, C) @ V_ξ (C, T)    y_tile = Aᵀ M A
/// The input gradient is the same convolution of dy with the filter flipped and its channels swapped (padding r − 1 − p);
/// the weight gradient is dU_ξ (K, C) = Σ_chunks dM_ξ (K, T) @ V_ξᵀ (T, C) with dM = A dy_tile Aᵀ, then dw = Gᵀ dU G.
/// Float only: the transforms cost a few bits (errors within 1e-4 of the outputs' root mean square), so double, the
/// gradient checks' type, keeps the exact direct paths. Tiles past the map's edge read zeros and write nothing.
/// </summary>
internal static unsafe class WinogradConv2d<TTransforms>
    where TTransforms : struct, IWinogradTransforms
{
    private const int Tile = 4; // output tile side

    private static int FilterSize => TTransforms.FilterSize;

    private static int Window => Tile + TTransforms.FilterSize - 1; // α, the input tile's side

    private static int Positions => Window * Window; // the transform positions ξ

    private static int Taps => FilterSize * FilterSize;

    // a chunk's staging: α² window planes in, or α×4 + 4×4 planes out
    private static int PatchPlanes => Math.Max(Positions, Window * Tile + Tile * Tile);

    public static bool Fits<T>(Conv2dGeometry g)
        => typeof(T) == typeof(float) && g.Groups == 1 && g.KernelH == FilterSize && g.KernelW == FilterSize
           && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1
           && g.PadH == g.PadW && g.PadH <= FilterSize - 1 && g.OutH >= Tile && g.OutW >= Tile
           && (long)g.InChannels * g.OutChannels <= MaxChannelPairs;

    /// <summary>The transformed filters are α² floats per channel pair, kept per call: at most 512 × 512 pairs.</summary>
    private const long MaxChannelPairs = 512 * 512;

    public static bool AppliesForward<T>(Conv2dGeometry g)
        => Fits<T>(g) && PaysOff(g.InChannels, g.OutChannels, TTransforms.MinChannels) && FillsWorkers(g.N, g.OutH, g.OutW);

    public static bool AppliesBackwardInput<T>(Conv2dGeometry g)
        => Fits<T>(g) && PaysOff(g.OutChannels, g.InChannels, TTransforms.MinChannels) && FillsWorkers(g.N, g.InH, g.InW);

    /// <summary>
    /// The weight gradient's GEMMs pack both operands (the transforms cannot write them packed: their reduction runs
    /// over tiles), so it needs larger GEMMs than the other passes: <see cref="IWinogradTransforms.MinWeightGradientChannels"/>.
    /// </summary>
    public static bool AppliesBackwardWeight<T>(Conv2dGeometry g)
        => Fits<T>(g) && PaysOff(g.InChannels, g.OutChannels, TTransforms.MinWeightGradientChannels) && FillsWorkers(g.N, g.OutH, g.OutW);

    /// <summary>
    /// A chunk of tiles runs on one core, so the output must hold a chunk for every worker: a single image on a small
    /// map (inference on one picture) is left to the kernels that split their GEMMs over all cores.
    /// </summary>
    private static bool FillsWorkers(int n, int outH, int outW)
        => (long)n * ((outH + Tile - 1) / Tile) * ((outW + Tile - 1) / Tile) >= (long)CpuParallel.Workers * Gemm.PackedPanelWidth;

    // the GEMMs pay for the transforms with this many channels on both sides (measured per algorithm)
    private static bool PaysOff(int from, int to, int channels) => from >= channels && to >= channels;

    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        var plan = new Tiling(g.N, g.InChannels, g.InH, g.InW, g.PadH, g.OutChannels, g.OutH, g.OutW);
        fixed (float* pw = weight, px = x, pb = bias, py = y)
        {
            Convolve(plan, px, PackedFilters(pw, g.OutChannels, g.InChannels, swapAndFlip: false), bias.IsEmpty ? null : pb, py);
        }
    }

    // the convolution of dy with w flipped, C ↔ K
    public static void BackwardInput(Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx)
    {
        var plan = new Tiling(g.N, g.OutChannels, g.OutH, g.OutW, FilterSize - 1 - g.PadH, g.InChannels, g.InH, g.InW);
        fixed (float* pw = weight, pdy = dy, pdx = dx)
        {
            Convolve(plan, pdy, PackedFilters(pw, g.OutChannels, g.InChannels, swapAndFlip: true), null, pdx);
        }
    }

    /// <summary>
    /// U_ξ for every ξ, each packed whole for the GEMM (<see cref="Gemm.PackA"/>), on this thread's scratch: rows are
    /// the convolution's output channels (K, or C with <paramref name="swapAndFlip"/>), columns its input channels.
    /// </summary>
    private static float* PackedFilters(float* weight, int k, int c, bool swapAndFlip)
    {
        var u = ThreadScratch.Get<float>(ThreadScratch.TransformedWeight, Positions * Padded(k, c));
        TransformWeights(weight, k, c, swapAndFlip, u.Pointer);
        int rows = swapAndFlip ? c : k, columns = swapAndFlip ? k : c;
        long packed = Gemm.PackedALength(rows, columns), stride = Padded(k, c);
        var packedU = ThreadScratch.Get<float>(ThreadScratch.PackedWeight, Positions * packed);
        nint uAddr = (nint)u.Pointer, packedAddr = (nint)packedU.Pointer;
        CpuParallel.For(Positions, stride, (start, end) =>
        {
            for (long xi = start; xi < end; xi++)
            {
                Gemm.PackA((float*)uAddr + xi * stride, columns, rows, columns, (float*)packedAddr + xi * packed);
            }
        });
        return packedU.Pointer;
    }

    /// <summary>
    /// dU_ξ (K, C) = Σ_tiles dM_ξ (K, T) @ V_ξᵀ (T, C), then dw = Gᵀ dU G. The reduction runs over tiles, so the chunks'
    /// products are summed in one of two ways, by the size of dU: up to 4 MB every worker sums its own chunks into a
    /// private dU (<see cref="SumPerWorker"/>); beyond that, re-reading dU for every 32-tile chunk costs more than the
    /// GEMMs, so the tiles go in large groups (<see cref="SumPerGroup"/>). `benchmarks conv 3x3` at 9ac8467 and
    /// 5a4c910, alternating: the detector's 256 × 256 layer (dU 9.4 MB) 7.2–8.3 → 4.4–4.8 ms. With the bound lowered to 1 MB, its 128 ×
    /// 128 layer (2.4 MB) and Table-2's 64 → 128 one (2.1 MB) ran as fast or slower by groups, so they keep their sums.
    /// </summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight)
        => BackwardWeight(g, x, dy, dWeight, Positions * (long)g.OutChannels * g.InChannels <= MaxPrivateSumFloats ? 0 : MaxGroupFloats);

    /// <summary>
    /// With <paramref name="groupFloats"/> 0 a private dU per worker; otherwise groups of tiles whose V and dM hold at
    /// most that many floats (at least one chunk). The tests run every way on the same shapes.
    /// </summary>
    internal static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight, long groupFloats)
    {
        var plan = new Tiling(g.N, g.InChannels, g.InH, g.InW, g.PadH, g.OutChannels, g.OutH, g.OutW);
        int k = g.OutChannels, c = g.InChannels;
        fixed (float* px = x, pdy = dy, pdw = dWeight)
        {
            float* du = groupFloats == 0 ? SumPerWorker(plan, px, pdy) : SumPerGroup(plan, px, pdy, groupFloats);
            UntransformWeightGradient(du, k, c, pdw);
        }
    }

    /// <summary>The largest dU (4 MB) that each worker sums privately.</summary>
    private const long MaxPrivateSumFloats = 1L << 20;

    /// <summary>Floats that the per-worker sums may hold together (128 MB), however many workers.</summary>
    private const long MaxSumFloats = 1L << 25;

    // Each worker transforms its chunks one at a time and adds their products into its own dU; the dUs are summed.
    private static float* SumPerWorker(Tiling plan, float* x, float* dy)
    {
        int k = plan.OutChannels, c = plan.InChannels, width = plan.ChunkWidth, positions = Positions;
        long chunks = plan.Chunks, stride = Padded(k, c), perSum = positions * stride;
        int parts = (int)Math.Min(Math.Min(CpuParallel.Workers, chunks), Math.Max(1, MaxSumFloats / perSum));

        // One dU per part, all on this thread's scratch so that the sum below reads memory no worker reuses.
        var sums = ThreadScratch.Get<float>(ThreadScratch.WeightGradientSums, parts * perSum);
        nint xAddr = (nint)x, dyAddr = (nint)dy, sumAddr = (nint)sums.Pointer;
        CpuParallel.For(parts, chunks * perSum * width / parts, (p0, p1) =>
        {
            var v = ThreadScratch.Get<float>(ThreadScratch.TransformedInput, positions * (long)c * width);
            var dm = ThreadScratch.Get<float>(ThreadScratch.TransformedOutput, positions * (long)k * width);
            var patch = ThreadScratch.Get<float>(ThreadScratch.TilePatch, PatchPlanes * (long)width);
            for (long part = p0; part < p1; part++)
            {
                var sum = new Span<float>((float*)sumAddr + part * perSum, (int)perSum);
                sum.Clear();
                for (long chunk = chunks * part / parts; chunk < chunks * (part + 1) / parts; chunk++)
                {
                    long tile0 = chunk * width;
                    int count = (int)Math.Min(width, plan.Tiles - tile0);
                    TransformInput(plan, (float*)xAddr, tile0, count, width, patch.Pointer, v.Pointer, ld: width);
                    TransformOutputGradient(plan, (float*)dyAddr, tile0, count, width, patch.Pointer, dm.Pointer, ld: width);
                    // dU_ξ (K, C) += dM_ξ (K, T) @ V_ξᵀ (T, C)
                    Gemm.SgemmStridedBatched(false, true, k, c, width, 1f, dm.Span, width, (long)k * width,
                        v.Span, width, (long)c * width, 1f, sum, c, stride, positions);
                }
            }
        });

        var total = sums.Span[..(int)perSum];
        for (int part = 1; part < parts; part++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(total, sums.Span.Slice((int)(part * perSum), (int)perSum), total);
        }

        return sums.Pointer;
    }

    // A group of chunks at a time: every chunk is transformed into its columns of V_ξ (C, T) and dM_ξ (K, T) (workers
    // take chunks), then each dU_ξ takes the whole group in one GEMM (workers take positions), so dU is read and
    // written once per group.
    private static float* SumPerGroup(Tiling plan, float* x, float* dy, long groupFloats)
    {
        int k = plan.OutChannels, c = plan.InChannels, width = plan.ChunkWidth, positions = Positions;
        long stride = Padded(k, c);

        // Groups of whole chunks, equal in size, as large as groupFloats lets V and dM be.
        long chunksPerGroup = Math.Max(1, groupFloats / (positions * (long)(k + c) * width));
        long groups = (plan.Chunks + chunksPerGroup - 1) / chunksPerGroup;
        chunksPerGroup = (plan.Chunks + groups - 1) / groups;
        int ld = (int)(chunksPerGroup * width);
        var v = ThreadScratch.Get<float>(ThreadScratch.TransformedInput, positions * (long)c * ld);
        var dm = ThreadScratch.Get<float>(ThreadScratch.TransformedOutput, positions * (long)k * ld);
        var du = ThreadScratch.Get<float>(ThreadScratch.WeightGradientSums, positions * stride);
        nint xAddr = (nint)x, dyAddr = (nint)dy, vAddr = (nint)v.Pointer, dmAddr = (nint)dm.Pointer, duAddr = (nint)du.Pointer;
        for (long group = 0; group < groups; group++)
        {
            long chunk0 = group * chunksPerGroup, chunks = Math.Min(plan.Chunks - chunk0, chunksPerGroup);
            CpuParallel.For(chunks, positions * (long)(k + c) * width, (start, end) =>
            {
                var patch = ThreadScratch.Get<float>(ThreadScratch.TilePatch, PatchPlanes * (long)width);
                for (long chunk = start; chunk < end; chunk++)
                {
                    long tile0 = (chunk0 + chunk) * width, column = chunk * width;
                    int count = (int)Math.Min(width, plan.Tiles - tile0);
                    TransformInput(plan, (float*)xAddr, tile0, count, width, patch.Pointer, (float*)vAddr + column, ld);
                    TransformOutputGradient(plan, (float*)dyAddr, tile0, count, width, patch.Pointer, (float*)dmAddr + column, ld);
                }
            });

            // dU_ξ (K, C) (+)= dM_ξ (K, T) @ V_ξᵀ (T, C); the columns of a partial last chunk are zeros
            int depth = (int)(chunks * width);
            float beta = group == 0 ? 0f : 1f;
            CpuParallel.For(positions, (long)k * c * depth, (start, end) =>
            {
                for (long xi = start; xi < end; xi++)
                {
                    Gemm.Sgemm(false, true, k, c, depth, 1f, new ReadOnlySpan<float>((float*)dmAddr + xi * k * ld, k * ld), ld,
                        new ReadOnlySpan<float>((float*)vAddr + xi * c * ld, c * ld), ld, beta,
                        new Span<float>((float*)duAddr + xi * stride, k * c), c);
                }
            });
        }

        return du.Pointer;
    }

    /// <summary>Floats that a group's V and dM may hold together (16 MB; the detector's 256-channel layer fits whole).</summary>
    private const long MaxGroupFloats = 1L << 22;

    /// <summary>
    /// A convolution as the tiles see it: <c>InChannels</c> planes of InH × InW read with zero padding <c>Pad</c> on
    /// every side, <c>OutChannels</c> planes of OutH × OutW written, cut into 4×4 output tiles numbered image by image,
    /// row by row; chunks of <see cref="ChunkWidth"/> tiles are the unit of work.
    /// </summary>
    private readonly record struct Tiling(int N, int InChannels, int InH, int InW, int Pad, int OutChannels, int OutH, int OutW)
    {
        public int TilesH => (OutH + Tile - 1) / Tile;

        public int TilesW => (OutW + Tile - 1) / Tile;

        public long Tiles => (long)N * TilesH * TilesW;

        /// <summary>
        /// Tiles per chunk: one GEMM panel (<see cref="Gemm.PackedPanelWidth"/>), so that a chunk's V and M stay in L2
        /// and the transforms write V as the GEMM reads it (wider chunks of 64 to 256 tiles were no faster).
        /// </summary>
        public int ChunkWidth => Gemm.PackedPanelWidth;

        public long Chunks => (Tiles + ChunkWidth - 1) / ChunkWidth;
    }

    private static void Convolve(Tiling plan, float* x, float* packedU, float* bias, float* y)
    {
        int c = plan.InChannels, k = plan.OutChannels, width = plan.ChunkWidth, panels = width / Gemm.PackedPanelWidth;
        int positions = Positions;
        long packed = Gemm.PackedALength(k, c);
        nint xAddr = (nint)x, uAddr = (nint)packedU, biasAddr = (nint)bias, yAddr = (nint)y;
        CpuParallel.For(plan.Chunks, positions * (long)k * c * width, (start, end) =>
        {
            var v = ThreadScratch.Get<float>(ThreadScratch.TransformedInput, positions * (long)c * width);
            var m = ThreadScratch.Get<float>(ThreadScratch.TransformedOutput, positions * (long)k * width);
            var patch = ThreadScratch.Get<float>(ThreadScratch.TilePatch, PatchPlanes * (long)width);
            for (long chunk = start; chunk < end; chunk++)
            {
                long tile0 = chunk * width;
                int count = (int)Math.Min(width, plan.Tiles - tile0);
                TransformInput(plan, (float*)xAddr, tile0, count, width, patch.Pointer, v.Pointer, ld: width);
                // M_ξ (K, T) = U_ξ (K, C) @ V_ξ (C, T)
                for (int xi = 0; xi < positions; xi++)
                {
                    Gemm.MultiplyPacked(k, panels, c, (float*)uAddr + xi * packed, v.Pointer + (long)xi * c * width,
                        m.Pointer + (long)xi * k * width, width);
                }

                UntransformOutput(plan, m.Pointer, tile0, count, width, patch.Pointer, (float*)biasAddr, (float*)yAddr);
            }
        });
    }

    // ---- input: V[ξ][c][t] = (Bᵀ d B)_ξ for the α×α window d of tile t in channel c ----

    // V_ξ rows ld apart: [C][ld], the chunk's tiles in its first width columns. With ld = width, one GEMM panel,
    // that is the packed panel layout [C][NR] the forward's GEMMs read.
    private static void TransformInput(Tiling plan, float* x, long tile0, int count, int width, float* patch, float* v, int ld)
    {
        int plane = plan.InH * plan.InW, window = Window;
        long positionStride = (long)plan.InChannels * ld;
        Span<TileOrigin> origins = stackalloc TileOrigin[count];
        FindOrigins(plan.TilesH, plan.TilesW, tile0, (long)plan.InChannels * plane, plan.InW, -plan.Pad, origins);
        float* end = x + (long)plan.N * plan.InChannels * plane;
        for (int c = 0; c < plan.InChannels; c++)
        {
            GatherWindows(plan, x + (long)c * plane, x, end, origins, width, patch);
            for (int t = 0; t < width; t += Vector<float>.Count)
            {
                for (int r = 0; r < window; r++)
                {
                    TTransforms.Input(patch + r * window * width + t, width, patch + r * window * width + t, width);
                }

                float* dst = v + (long)c * ld + t;
                for (int s = 0; s < window; s++)
                {
                    TTransforms.Input(patch + s * width + t, window * width, dst + s * positionStride, window * positionStride);
                }
            }
        }
    }

    /// <summary>Where a tile starts: its image's offset plus its first row and column (shifted by the padding).</summary>
    private readonly record struct TileOrigin(long Offset, int Row, int Col);

    // tiles tile0.. of a (tilesH × tilesW)-per-image numbering; imageStride elements per image; rowStride per row
    private static void FindOrigins(int tilesH, int tilesW, long tile0, long imageStride, int rowStride, int shift, Span<TileOrigin> origins)
    {
        int perImage = tilesH * tilesW;
        long n = tile0 / perImage;
        int ti = (int)(tile0 % perImage) / tilesW, tj = (int)(tile0 % perImage) % tilesW;
        for (int t = 0; t < origins.Length; t++)
        {
            int row = ti * Tile + shift, col = tj * Tile + shift;
            origins[t] = new TileOrigin(n * imageStride + (long)row * rowStride + col, row, col);
            if (++tj == tilesW)
            {
                tj = 0;
                if (++ti == tilesH)
                {
                    ti = 0;
                    n++;
                }
            }
        }
    }

    // patch[(r*α + s)][t] = plane[row + r, col + s] of tile t's image, zero outside the plane and for t ≥ count;
    // the input lies in [start, end)
    private static void GatherWindows(Tiling plan, float* channel, float* start, float* end, ReadOnlySpan<TileOrigin> origins,
        int width, float* patch)
    {
        int t = 0, window = Window;
        if (Avx.IsSupported && Vector<float>.Count == 8)
        {
            for (; t + 8 <= origins.Length; t += 8)
            {
                if (!GatherEightWindows(plan, channel, start, end, origins.Slice(t, 8), width, patch + t))
                {
                    break;
                }
            }
        }

        for (; t < origins.Length; t++)
        {
            var origin = origins[t];
            float* src = channel + origin.Offset;
            float* dst = patch + t;
            if (origin.Row >= 0 && origin.Col >= 0 && origin.Row + window <= plan.InH && origin.Col + window <= plan.InW)
            {
                for (int r = 0; r < window; r++, src += plan.InW, dst += window * width)
                {
                    for (int s = 0; s < window; s++)
                    {
                        dst[s * width] = src[s];
                    }
                }

                continue;
            }

            // A window over the edge: zeros, then the rectangle that lies inside the plane.
            for (int i = 0; i < Positions; i++)
            {
                dst[i * width] = 0f;
            }

            int r0 = Math.Max(0, -origin.Row), r1 = Math.Min(window, plan.InH - origin.Row);
            int s0 = Math.Max(0, -origin.Col), s1 = Math.Min(window, plan.InW - origin.Col);
            for (int r = r0; r < r1; r++)
            {
                for (int s = s0; s < s1; s++)
                {
                    dst[(r * window + s) * width] = src[r * plan.InW + s];
                }
            }
        }

        for (int i = 0; i < Positions && origins.Length < width; i++)
        {
            new Span<float>(patch + i * width + origins.Length, width - origins.Length).Clear();
        }
    }

    /// <summary>
    /// Eight windows at once: each window row is one 8-float load (with a 6-wide window two floats too many, which may
    /// belong to the next row), eight such rows are transposed in registers into the window's column planes, and
    /// columns off the plane are masked to zero; rows off the plane read zeros. False, with nothing written, when a
    /// load would leave [start, end).
    /// </summary>
    [SkipLocalsInit] // every row pointer is written before it is read
    private static bool GatherEightWindows(Tiling plan, float* channel, float* start, float* end, ReadOnlySpan<TileOrigin> origins,
        int width, float* patch)
    {
        int window = Window;
        float* zeros = ZeroRow;
        float** rows = stackalloc float*[8 * 8];
        for (int j = 0; j < 8; j++)
        {
            var origin = origins[j];
            for (int r = 0; r < window; r++)
            {
                float* src = channel + origin.Offset + (long)r * plan.InW;
                if ((uint)(origin.Row + r) >= (uint)plan.InH)
                {
                    src = zeros;
                }
                else if (src < start || src + 8 > end)
                {
                    return false;
                }

                rows[r * 8 + j] = src;
            }
        }

        var col = Vector256.Create(origins[0].Col, origins[1].Col, origins[2].Col, origins[3].Col,
            origins[4].Col, origins[5].Col, origins[6].Col, origins[7].Col);
        var planeWidth = Vector256.Create(plan.InW);
        for (int r = 0; r < window; r++)
        {
            float** row = rows + r * 8;
            Vector256<float> s0 = Avx.LoadVector256(row[0]), s1 = Avx.LoadVector256(row[1]), s2 = Avx.LoadVector256(row[2]),
                s3 = Avx.LoadVector256(row[3]), s4 = Avx.LoadVector256(row[4]), s5 = Avx.LoadVector256(row[5]),
                s6 = Avx.LoadVector256(row[6]), s7 = Avx.LoadVector256(row[7]);
            BlockTranspose.InRegisters(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
            float* dst = patch + r * window * width;
            StoreInside(dst, s0, col, planeWidth);
            StoreInside(dst + width, s1, col + Vector256.Create(1), planeWidth);
            StoreInside(dst + 2 * width, s2, col + Vector256.Create(2), planeWidth);
            StoreInside(dst + 3 * width, s3, col + Vector256.Create(3), planeWidth);
            StoreInside(dst + 4 * width, s4, col + Vector256.Create(4), planeWidth);
            StoreInside(dst + 5 * width, s5, col + Vector256.Create(5), planeWidth);
            if (window == 8)
            {
                StoreInside(dst + 6 * width, s6, col + Vector256.Create(6), planeWidth);
                StoreInside(dst + 7 * width, s7, col + Vector256.Create(7), planeWidth);
            }
        }

        return true;
    }

    /// <summary>Eight zeros that window rows above or below the plane read instead of memory.</summary>
    private static readonly float* ZeroRow = (float*)NativeMemory.AllocZeroed(8, sizeof(float));

    // lanes whose column lies in [0, planeWidth) keep their value, the others become 0
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreInside(float* dst, Vector256<float> values, Vector256<int> column, Vector256<int> planeWidth)
    {
        var inside = Vector256.GreaterThanOrEqual(column, Vector256<int>.Zero) & Vector256.LessThan(column, planeWidth);
        Vector256.Store(values & inside.AsSingle(), dst);
    }

    // ---- output: y_tile = Aᵀ M A (+ bias) for the α² values M[ξ][k][t] of each tile ----

    private static void UntransformOutput(Tiling plan, float* m, long tile0, int count, int width, float* patch, float* bias, float* y)
    {
        int plane = plan.OutH * plan.OutW, window = Window;
        long positionStride = (long)plan.OutChannels * width;
        float* rows = patch;                        // [α][4][T]: Aᵀ applied along s
        float* tile = patch + window * Tile * width; // [4][4][T]
        Span<TileOrigin> origins = stackalloc TileOrigin[count];
        FindOrigins(plan.TilesH, plan.TilesW, tile0, (long)plan.OutChannels * plane, plan.OutW, 0, origins);
        for (int k = 0; k < plan.OutChannels; k++)
        {
            for (int t = 0; t < width; t += Vector<float>.Count)
            {
                for (int r = 0; r < window; r++)
                {
                    TTransforms.Output(m + r * window * positionStride + (long)k * width + t, positionStride,
                        rows + r * Tile * width + t, width);
                }

                for (int s = 0; s < Tile; s++)
                {
                    TTransforms.Output(rows + s * width + t, Tile * width, tile + s * width + t, Tile * width);
                }
            }

            ScatterTiles(plan, tile, origins, width, bias == null ? 0f : bias[k], y + (long)k * plane);
        }
    }

    // channel[row + i, col + j] = tile[(i*4 + j)][t] + bias for tile t's image, for the outputs inside the plane
    private static void ScatterTiles(Tiling plan, float* tile, ReadOnlySpan<TileOrigin> origins, int width, float bias, float* channel)
    {
        int t = 0;
        for (; Avx.IsSupported && t + 8 <= origins.Length; t += 8)
        {
            if (!ScatterEightWholeTiles(plan, tile + t, origins.Slice(t, 8), width, bias, channel))
            {
                for (int j = t; j < t + 8; j++)
                {
                    ScatterTile(plan, tile + j, origins[j], width, bias, channel);
                }
            }
        }

        for (; t < origins.Length; t++)
        {
            ScatterTile(plan, tile + t, origins[t], width, bias, channel);
        }
    }

    // Eight tiles that lie wholly inside the plane: each tile row's four planes transposed into four-float rows, one
    // store each; false, with nothing written, when one of them crosses the edge.
    private static bool ScatterEightWholeTiles(Tiling plan, float* tile, ReadOnlySpan<TileOrigin> origins, int width, float bias, float* channel)
    {
        foreach (var origin in origins)
        {
            if (origin.Row + Tile > plan.OutH || origin.Col + Tile > plan.OutW)
            {
                return false;
            }
        }

        var shift = Vector128.Create(bias);
        for (int i = 0; i < Tile; i++)
        {
            float* src = tile + i * Tile * width;
            Vector256<float> u0 = Avx.LoadVector256(src), u1 = Avx.LoadVector256(src + width),
                u2 = Avx.LoadVector256(src + 2 * width), u3 = Avx.LoadVector256(src + 3 * width);
            BlockTranspose.InRegisters(ref u0, ref u1, ref u2, ref u3);
            float* row = channel + (long)i * plan.OutW;
            Vector128.Store(u0.GetLower() + shift, row + origins[0].Offset);
            Vector128.Store(u1.GetLower() + shift, row + origins[1].Offset);
            Vector128.Store(u2.GetLower() + shift, row + origins[2].Offset);
            Vector128.Store(u3.GetLower() + shift, row + origins[3].Offset);
            Vector128.Store(u0.GetUpper() + shift, row + origins[4].Offset);
            Vector128.Store(u1.GetUpper() + shift, row + origins[5].Offset);
            Vector128.Store(u2.GetUpper() + shift, row + origins[6].Offset);
            Vector128.Store(u3.GetUpper() + shift, row + origins[7].Offset);
        }

        return true;
    }

    private static void ScatterTile(Tiling plan, float* tile, TileOrigin origin, int width, float bias, float* channel)
    {
        float* dst = channel + origin.Offset;
        int rowsIn = Math.Min(Tile, plan.OutH - origin.Row), colsIn = Math.Min(Tile, plan.OutW - origin.Col);
        for (int i = 0; i < rowsIn; i++, dst += plan.OutW, tile += Tile * width)
        {
            for (int j = 0; j < colsIn; j++)
            {
                dst[j] = tile[j * width] + bias;
            }
        }
    }

    // ---- weight gradient: dM[ξ][k][t] = (A dy_tile Aᵀ)_ξ, the transpose of the output transform ----

    // dM_ξ rows ld apart: [K][ld], the chunk's tiles in its first width columns
    private static void TransformOutputGradient(Tiling plan, float* dy, long tile0, int count, int width, float* patch, float* dm, int ld)
    {
        int plane = plan.OutH * plan.OutW, window = Window;
        long positionStride = (long)plan.OutChannels * ld;
        float* rows = patch + Tile * Tile * width; // [4][α][T]: A applied along j
        Span<TileOrigin> origins = stackalloc TileOrigin[count];
        FindOrigins(plan.TilesH, plan.TilesW, tile0, (long)plan.OutChannels * plane, plan.OutW, 0, origins);
        for (int k = 0; k < plan.OutChannels; k++)
        {
            GatherTiles(plan, dy + (long)k * plane, origins, width, patch);
            for (int t = 0; t < width; t += Vector<float>.Count)
            {
                for (int i = 0; i < Tile; i++)
                {
                    TTransforms.OutputGradient(patch + i * Tile * width + t, width, rows + i * window * width + t, width);
                }

                for (int s = 0; s < window; s++)
                {
                    TTransforms.OutputGradient(rows + s * width + t, window * width, dm + s * positionStride + (long)k * ld + t,
                        window * positionStride);
                }
            }
        }
    }

    // patch[(i*4 + j)][t] = channel[row + i, col + j] of tile t's image, zero past the plane's edge and for t ≥ count
    private static void GatherTiles(Tiling plan, float* channel, ReadOnlySpan<TileOrigin> origins, int width, float* patch)
    {
        int t = 0;
        for (; Avx.IsSupported && t + 8 <= origins.Length; t += 8)
        {
            if (!GatherEightWholeTiles(plan, channel, origins.Slice(t, 8), width, patch + t))
            {
                for (int j = t; j < t + 8; j++)
                {
                    GatherTile(plan, channel, origins[j], width, patch + j);
                }
            }
        }

        for (; t < origins.Length; t++)
        {
            GatherTile(plan, channel, origins[t], width, patch + t);
        }

        for (int i = 0; i < Tile * Tile && origins.Length < width; i++)
        {
            new Span<float>(patch + i * width + origins.Length, width - origins.Length).Clear();
        }
    }

    // The reverse of ScatterEightWholeTiles: four-float tile rows, two tiles to a register, transposed into planes.
    private static bool GatherEightWholeTiles(Tiling plan, float* channel, ReadOnlySpan<TileOrigin> origins, int width, float* patch)
    {
        foreach (var origin in origins)
        {
            if (origin.Row + Tile > plan.OutH || origin.Col + Tile > plan.OutW)
            {
                return false;
            }
        }

        for (int i = 0; i < Tile; i++)
        {
            float* row = channel + (long)i * plan.OutW;
            var q0 = Vector256.Create(Vector128.Load(row + origins[0].Offset), Vector128.Load(row + origins[4].Offset));
            var q1 = Vector256.Create(Vector128.Load(row + origins[1].Offset), Vector128.Load(row + origins[5].Offset));
            var q2 = Vector256.Create(Vector128.Load(row + origins[2].Offset), Vector128.Load(row + origins[6].Offset));
            var q3 = Vector256.Create(Vector128.Load(row + origins[3].Offset), Vector128.Load(row + origins[7].Offset));
            BlockTranspose.InRegisters(ref q0, ref q1, ref q2, ref q3);
            float* dst = patch + i * Tile * width;
            Vector256.Store(q0, dst);
            Vector256.Store(q1, dst + width);
            Vector256.Store(q2, dst + 2 * width);
            Vector256.Store(q3, dst + 3 * width);
        }

        return true;
    }

    private static void GatherTile(Tiling plan, float* channel, TileOrigin origin, int width, float* patch)
    {
        float* src = channel + origin.Offset;
        int rowsIn = Math.Min(Tile, plan.OutH - origin.Row), colsIn = Math.Min(Tile, plan.OutW - origin.Col);
        for (int i = 0; i < Tile; i++, src += plan.OutW, patch += Tile * width)
        {
            for (int j = 0; j < Tile; j++)
            {
                patch[j * width] = i < rowsIn && j < colsIn ? src[j] : 0f;
            }
        }
    }

    // ---- filters: U = G w Gᵀ and dw = Gᵀ dU G, vectorised over (k, c) pairs; ξ planes are Padded(k, c) apart ----

    /// <summary>K·C rounded up to whole vectors: the stride between the ξ planes of U and dU.</summary>
    private static long Padded(int k, int c) => ((long)k * c + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    // weight (K, C, r, r) → u[ξ][k*C + c]; with swapAndFlip u[ξ][c*K + k] from w[k][c] turned by 180°, the input
    // gradient's filter
    private static void TransformWeights(float* weight, int k, int c, bool swapAndFlip, float* u)
    {
        long pairs = (long)k * c, stride = Padded(k, c);
        int r = FilterSize, window = Window, taps = Taps;
        nint wAddr = (nint)weight, uAddr = (nint)u;
        CpuParallel.For(stride / Vector<float>.Count, 64 * Vector<float>.Count, (start, end) =>
        {
            int lanes = Vector<float>.Count;
            float* tapPlanes = stackalloc float[taps * lanes];
            float* rows = stackalloc float[window * r * lanes];
            for (long block = start; block < end; block++)
            {
                long first = block * lanes;
                for (int lane = 0; lane < lanes; lane++)
                {
                    // pair index as u stores it → the (k, c) filter it comes from
                    long pair = first + lane;
                    long source = !swapAndFlip ? pair : pair % k * c + pair / k;
                    float* filter = (float*)wAddr + source * taps;
                    for (int tap = 0; tap < taps; tap++)
                    {
                        tapPlanes[tap * lanes + lane] = pair >= pairs ? 0f : filter[swapAndFlip ? taps - 1 - tap : tap];
                    }
                }

                // G along a (r → α) for each column b, then along b for each of the α rows
                for (int b = 0; b < r; b++)
                {
                    TTransforms.Filter(tapPlanes + b * lanes, r * lanes, rows + b * lanes, r * lanes);
                }

                for (int row = 0; row < window; row++)
                {
                    TTransforms.Filter(rows + row * r * lanes, lanes, (float*)uAddr + row * window * stride + first, stride);
                }
            }
        });
    }

    // dU[ξ][k*C + c] → dw (K, C, r, r) = Gᵀ dU G
    private static void UntransformWeightGradient(float* du, int k, int c, float* dWeight)
    {
        long pairs = (long)k * c, stride = Padded(k, c);
        int r = FilterSize, window = Window, taps = Taps;
        nint duAddr = (nint)du, dwAddr = (nint)dWeight;
        CpuParallel.For(stride / Vector<float>.Count, 64 * Vector<float>.Count, (start, end) =>
        {
            int lanes = Vector<float>.Count;
            float* rows = stackalloc float[window * r * lanes];
            float* tapPlanes = stackalloc float[taps * lanes];
            for (long block = start; block < end; block++)
            {
                long first = block * lanes;
                for (int row = 0; row < window; row++)
                {
                    TTransforms.FilterGradient((float*)duAddr + row * window * stride + first, stride, rows + row * r * lanes, lanes);
                }

                for (int b = 0; b < r; b++)
                {
                    TTransforms.FilterGradient(rows + b * lanes, r * lanes, tapPlanes + b * lanes, r * lanes);
                }

                for (int lane = 0; lane < lanes && first + lane < pairs; lane++)
                {
                    float* filter = (float*)dwAddr + (first + lane) * taps;
                    for (int tap = 0; tap < taps; tap++)
                    {
                        filter[tap] = tapPlanes[tap * lanes + lane];
                    }
                }
            }
        });
    }
}
