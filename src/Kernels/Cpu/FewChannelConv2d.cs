using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 conv2d forward for a network's first layer on images (1 to 4 input channels: 7×7/2 stems, 5×5 and 9×9 first
/// layers) as a direct convolution. On so few channels im2col gathers one value for every K multiply-adds it feeds,
/// and the gather, not the GEMM, set the pace (`benchmarks conv`: ResNet18's 7×7/2 stem on 32×32 at 99 GFLOP/s on the
/// Zen 4 host, 176 with this kernel). Here each image is copied once into a zero-padded plane and the micro-kernel reads its
/// inputs straight from it, eight output positions along a row (broadcasts) by NR filters (two vectors):
///   y[k0 .. k0+NR, oh, ow0 .. ow0+8) = Σ_taps Wᵀ[tap, k0 .. k0+NR] ⊗ xpad[c, oh·s + i·d, (ow0 + r)·s + j·d],  r &lt; 8
/// with the filters packed once as Wᵀ (taps, K), tap = (c·KH + i)·KW + j. A tile goes into y (K, OH, OW) through an
/// 8×8 register transpose. The last tile of a row starts at OW − 8 and writes some positions a second time, with the
/// same values, so every tile is whole.
/// </summary>
internal static unsafe class FewChannelConv2d
{
    /// <summary>Most input channels: with more, im2col's gather is cheap next to its GEMM and the packed paths win.</summary>
    private const int MaxInChannels = 4;

    /// <summary>Output positions per tile, the broadcast side of the micro-kernel.</summary>
    private const int Positions = 8;

    /// <summary>
    /// Float, ungrouped, 1 to 4 input channels, filters in whole vector pairs (NR: 32 with AVX-512, 16 with AVX2), rows
    /// at least a tile wide, and at least <see cref="MinTaps"/> taps.
    /// </summary>
    public static bool Applies<T>(Conv2dGeometry g)
        => typeof(T) == typeof(float) && Avx.IsSupported && g.Groups == 1 && g.InChannels <= MaxInChannels
           && g.OutChannels % FilterBlock == 0 && g.OutW >= Positions && g.ColRows >= MinTaps;

    /// <summary>
    /// Fewest taps (C·KH·KW) that pay for a tile's transpose into y: `benchmarks conv conv1` alternated with and without
    /// this kernel on the Zen 4 host, a 3×3 layer on one channel (9 taps) ran 1.09–1.50 ms here against 1.00–1.05
    /// through im2col; 5×5 on 3 channels (75 taps) 3.4–3.8 against 4.7–6.6.
    /// </summary>
    private const int MinTaps = 25;

    /// <summary>Filters per tile: two vectors.</summary>
    private static int FilterBlock => Vector512.IsHardwareAccelerated ? 2 * Vector512<float>.Count : 2 * Vector256<float>.Count;

    // x: (N, C, H, W), weight: (K, C, KH, KW), bias: (K) or empty → y: (N, K, OH, OW)
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        fixed (float* px = x, pw = weight, pb = bias, py = y)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                Tiles<Vector512<float>, Simd512<float>>.Forward(g, px, pw, bias.IsEmpty ? null : pb, py);
            }
            else
            {
                Tiles<Vector256<float>, Simd256<float>>.Forward(g, px, pw, bias.IsEmpty ? null : pb, py);
            }
        }
    }

    private static class Tiles<TV, TSimd>
        where TV : struct
        where TSimd : struct, ISimd<TV, float>
    {
        private static int NR => 2 * TSimd.Width;

        public static void Forward(Conv2dGeometry g, float* x, float* weight, float* bias, float* y)
        {
            int k = g.OutChannels, taps = g.ColRows;
            int paddedH = g.InH + 2 * g.PadH, paddedW = g.InW + 2 * g.PadW;

            // Wᵀ per filter block: packed[block][tap][q] = w[block·NR + q, tap]; tap offsets into the padded image.
            var packed = ArrayPool<float>.Shared.Rent(k * taps);
            var offsets = new int[taps];
            for (int f = 0; f < k; f++)
            {
                for (int tap = 0; tap < taps; tap++)
                {
                    packed[((f / NR) * taps + tap) * NR + f % NR] = weight[(long)f * taps + tap];
                }
            }

            for (int tap = 0; tap < taps; tap++)
            {
                int c = tap / (g.KernelH * g.KernelW), i = tap / g.KernelW % g.KernelH, j = tap % g.KernelW;
                offsets[tap] = (c * paddedH + i * g.DilationH) * paddedW + j * g.DilationW;
            }

            try
            {
                Run(g, x, bias, y, packed, offsets, paddedW);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packed);
            }
        }

        // tasks: (image, filter block) pairs; a worker pads an image (Im2Col.PadPlanes) once for the blocks it takes in a row
        private static void Run(Conv2dGeometry g, float* x, float* bias, float* y, float[] packed, int[] offsets, int paddedW)
        {
            int k = g.OutChannels, taps = g.ColRows, blocks = k / NR;
            nint xAddr = (nint)x, yAddr = (nint)y, biasAddr = (nint)bias;
            long cost = 2L * taps * NR * g.OutH * g.OutW;
            CpuParallel.For((long)g.N * blocks, cost, (start, end) =>
            {
                float* image = null;
                var tile = ThreadScratch.Get<float>(ThreadScratch.Staging, Positions * NR);
                long padded = -1;
                fixed (float* pp = packed)
                fixed (int* po = offsets)
                {
                    for (long task = start; task < end; task++)
                    {
                        long n = task / blocks;
                        int block = (int)(task % blocks);
                        if (n != padded)
                        {
                            image = Im2Col.PadPlanes(g, (float*)xAddr + n * g.InputPerImage, g.InChannels);
                            padded = n;
                        }

                        float* output = (float*)yAddr + (n * k + (long)block * NR) * g.OutH * g.OutW;
                        float* filterBias = biasAddr == 0 ? null : (float*)biasAddr + block * NR;
                        ConvolveBlock(g, image, paddedW, pp + (long)block * taps * NR, po, taps, filterBias, tile.Pointer, output);
                    }
                }
            });
        }

        // One filter block of one image: y[q, oh, ow] for q < NR over every output position, tile by tile.
        private static void ConvolveBlock(Conv2dGeometry g, float* image, int paddedW, float* filters, int* offsets, int taps,
            float* bias, float* tile, float* output)
        {
            int sH = g.StrideH, plane = g.OutH * g.OutW;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                for (int ow0 = 0; ow0 < g.OutW; ow0 += Positions)
                {
                    int ow = Math.Min(ow0, g.OutW - Positions);
                    MultiplyTile(image + (long)oh * sH * paddedW + ow * g.StrideW, g.StrideW, filters, offsets, taps, tile);
                    StoreTile(tile, bias, output + (long)oh * g.OutW + ow, plane);
                }
            }
        }

        // tile[r][q] = Σ_tap filters[tap][q] · origin[offsets[tap] + r·stride], r < 8, q < NR: 16 accumulators
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void MultiplyTile(float* origin, int stride, float* filters, int* offsets, int taps, float* tile)
        {
            int w = TSimd.Width;
            TV a00 = TSimd.Zero, a01 = TSimd.Zero, a10 = TSimd.Zero, a11 = TSimd.Zero;
            TV a20 = TSimd.Zero, a21 = TSimd.Zero, a30 = TSimd.Zero, a31 = TSimd.Zero;
            TV a40 = TSimd.Zero, a41 = TSimd.Zero, a50 = TSimd.Zero, a51 = TSimd.Zero;
            TV a60 = TSimd.Zero, a61 = TSimd.Zero, a70 = TSimd.Zero, a71 = TSimd.Zero;
            for (int tap = 0; tap < taps; tap++, filters += 2 * w)
            {
                TV f0 = TSimd.Load(filters), f1 = TSimd.Load(filters + w);
                float* src = origin + offsets[tap];
                TV v;
                v = TSimd.Broadcast(src[0]); a00 = TSimd.MulAdd(v, f0, a00); a01 = TSimd.MulAdd(v, f1, a01);
                v = TSimd.Broadcast(src[stride]); a10 = TSimd.MulAdd(v, f0, a10); a11 = TSimd.MulAdd(v, f1, a11);
                v = TSimd.Broadcast(src[2 * stride]); a20 = TSimd.MulAdd(v, f0, a20); a21 = TSimd.MulAdd(v, f1, a21);
                v = TSimd.Broadcast(src[3 * stride]); a30 = TSimd.MulAdd(v, f0, a30); a31 = TSimd.MulAdd(v, f1, a31);
                v = TSimd.Broadcast(src[4 * stride]); a40 = TSimd.MulAdd(v, f0, a40); a41 = TSimd.MulAdd(v, f1, a41);
                v = TSimd.Broadcast(src[5 * stride]); a50 = TSimd.MulAdd(v, f0, a50); a51 = TSimd.MulAdd(v, f1, a51);
                v = TSimd.Broadcast(src[6 * stride]); a60 = TSimd.MulAdd(v, f0, a60); a61 = TSimd.MulAdd(v, f1, a61);
                v = TSimd.Broadcast(src[7 * stride]); a70 = TSimd.MulAdd(v, f0, a70); a71 = TSimd.MulAdd(v, f1, a71);
            }

            int nr = 2 * w;
            TSimd.Store(a00, tile); TSimd.Store(a01, tile + w);
            TSimd.Store(a10, tile + nr); TSimd.Store(a11, tile + nr + w);
            TSimd.Store(a20, tile + 2 * nr); TSimd.Store(a21, tile + 2 * nr + w);
            TSimd.Store(a30, tile + 3 * nr); TSimd.Store(a31, tile + 3 * nr + w);
            TSimd.Store(a40, tile + 4 * nr); TSimd.Store(a41, tile + 4 * nr + w);
            TSimd.Store(a50, tile + 5 * nr); TSimd.Store(a51, tile + 5 * nr + w);
            TSimd.Store(a60, tile + 6 * nr); TSimd.Store(a61, tile + 6 * nr + w);
            TSimd.Store(a70, tile + 7 * nr); TSimd.Store(a71, tile + 7 * nr + w);
        }

        // y[q·plane + r] = tile[r][q] (+ bias[q]): eight filters at a time, transposed in registers
        private static void StoreTile(float* tile, float* bias, float* output, int plane)
        {
            int nr = NR;
            for (int q0 = 0; q0 < nr; q0 += 8)
            {
                Vector256<float> r0 = Avx.LoadVector256(tile + q0), r1 = Avx.LoadVector256(tile + nr + q0),
                    r2 = Avx.LoadVector256(tile + 2 * nr + q0), r3 = Avx.LoadVector256(tile + 3 * nr + q0),
                    r4 = Avx.LoadVector256(tile + 4 * nr + q0), r5 = Avx.LoadVector256(tile + 5 * nr + q0),
                    r6 = Avx.LoadVector256(tile + 6 * nr + q0), r7 = Avx.LoadVector256(tile + 7 * nr + q0);
                BlockTranspose.InRegisters(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                float* row = output + (long)q0 * plane;
                Vector256.Store(r0 + Shift(bias, q0), row);
                Vector256.Store(r1 + Shift(bias, q0 + 1), row + plane);
                Vector256.Store(r2 + Shift(bias, q0 + 2), row + 2 * plane);
                Vector256.Store(r3 + Shift(bias, q0 + 3), row + 3 * plane);
                Vector256.Store(r4 + Shift(bias, q0 + 4), row + 4 * plane);
                Vector256.Store(r5 + Shift(bias, q0 + 5), row + 5 * plane);
                Vector256.Store(r6 + Shift(bias, q0 + 6), row + 6 * plane);
                Vector256.Store(r7 + Shift(bias, q0 + 7), row + 7 * plane);
            }
        }

        private static Vector256<float> Shift(float* bias, int filter) => bias == null ? Vector256<float>.Zero : Vector256.Create(bias[filter]);
    }
}
