using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// conv2d on maps smaller than the kernel (ResNet's 2×2 and 1×1 maps at 32×32 input) as one dense GEMM over whole
/// images. There every output pixel sees the whole input through at most KH·KW taps, so the conv is the linear map
///   y (N, K·OH·OW) = x (N, C·H·W) @ D^T,   D (K·OH·OW, C·H·W)
/// whose entries are the weights at the taps that land inside the image and zero elsewhere. im2col would instead
/// multiply KH·KW rows per channel of which most read padding (8 of 9 on a 1×1 map); D holds only the H·W < KH·KW
/// real connections per channel pair, and NCHW tensors already are the (N, C·H·W) matrices, so no gather either.
/// Building D and folding its gradient back into the weight cost one pass over D per call.
/// </summary>
internal static class SmallMapConv2d
{
    /// <summary>Largest D built, in elements (16 MiB of float32), so a huge channel count stays on im2col.</summary>
    private const long MaxDenseElements = 1 << 22;

    public static bool Applies(Conv2dGeometry g)
        => g.Groups == 1 && g.InH * g.InW < g.KernelH * g.KernelW
           && (long)g.OutChannels * g.OutH * g.OutW * g.InChannels * g.InH * g.InW <= MaxDenseElements;

    // x: (N, C, H, W), weight: (K, C, KH, KW), bias: (K) or empty → y: (N, K, OH, OW)
    public static void Forward<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = g.InputPerImage, outer = g.OutChannels * g.OutH * g.OutW;
        var dense = Densify(g, weight);
        GemmDispatch.Gemm(false, true, g.N, outer, inner, T.One, x, inner, dense.Span, inner, T.Zero, y, outer);
        if (!bias.IsEmpty)
        {
            AddBias(g, bias, y);
        }
    }

    // dy: (N, K, OH, OW), weight: (K, C, KH, KW) → dx: (N, C, H, W) = dy @ D
    public static void BackwardInput<T>(Conv2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = g.InputPerImage, outer = g.OutChannels * g.OutH * g.OutW;
        var dense = Densify(g, weight);
        GemmDispatch.Gemm(false, false, g.N, inner, outer, T.One, dy, outer, dense.Span, inner, T.Zero, dx, inner);
    }

    // x: (N, C, H, W), dy: (N, K, OH, OW) → dWeight: (K, C, KH, KW), folded from dD = dy^T @ x
    public static void BackwardWeight<T>(Conv2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = g.InputPerImage, outer = g.OutChannels * g.OutH * g.OutW;
        var dense = ThreadScratch.Get<T>(ThreadScratch.Columns, (long)outer * inner);
        GemmDispatch.Gemm(true, false, outer, inner, g.N, T.One, dy, outer, x, inner, T.Zero, dense.Span, inner);
        Fold(g, dense, dWeight);
    }

    /// <summary>The (output pixel, input pixel, tap) triples where a tap lands inside the image.</summary>
    private static (int Output, int Input, int Tap)[] Connections(Conv2dGeometry g)
    {
        var connections = new List<(int, int, int)>();
        for (int oh = 0; oh < g.OutH; oh++)
        {
            for (int ow = 0; ow < g.OutW; ow++)
            {
                for (int kh = 0; kh < g.KernelH; kh++)
                {
                    int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                    for (int kw = 0; kw < g.KernelW; kw++)
                    {
                        int iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
                        if (ih >= 0 && ih < g.InH && iw >= 0 && iw < g.InW)
                        {
                            connections.Add((oh * g.OutW + ow, ih * g.InW + iw, kh * g.KernelW + kw));
                        }
                    }
                }
            }
        }

        return [.. connections];
    }

    // weight (K, C, KH, KW) → D (K·OHW, C·HW) in this thread's scratch; one task per output channel
    private static unsafe RawBuffer<T> Densify<T>(Conv2dGeometry g, ReadOnlySpan<T> weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, hw = g.InH * g.InW, ohw = g.OutH * g.OutW, kk = g.KernelH * g.KernelW, inner = c * hw;
        var dense = ThreadScratch.Get<T>(ThreadScratch.Columns, (long)g.OutChannels * ohw * inner);
        var connections = Connections(g);
        fixed (T* pw = weight)
        {
            var wb = new RawBuffer<T>(pw, weight.Length);
            CpuParallel.For(g.OutChannels, (long)ohw * inner, (s, e) =>
            {
                for (long k = s; k < e; k++)
                {
                    var rows = dense.Slice(k * ohw * inner, ohw * inner);
                    rows.Clear();
                    for (int ch = 0; ch < c; ch++)
                    {
                        var taps = wb.Slice((k * c + ch) * kk, kk);
                        foreach (var (output, input, tap) in connections)
                        {
                            rows[output * inner + ch * hw + input] = taps[tap];
                        }
                    }
                }
            });
        }

        return dense;
    }

    // dD (K·OHW, C·HW) → dWeight (K, C, KH, KW): each tap sums the entries it connects; taps on padding only get 0
    private static unsafe void Fold<T>(Conv2dGeometry g, RawBuffer<T> dense, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = g.InChannels, hw = g.InH * g.InW, ohw = g.OutH * g.OutW, kk = g.KernelH * g.KernelW, inner = c * hw;
        var connections = Connections(g);
        fixed (T* pdw = dWeight)
        {
            var dwb = new RawBuffer<T>(pdw, dWeight.Length);
            CpuParallel.For(g.OutChannels, (long)ohw * inner, (s, e) =>
            {
                for (long k = s; k < e; k++)
                {
                    var rows = dense.Slice(k * ohw * inner, ohw * inner);
                    for (int ch = 0; ch < c; ch++)
                    {
                        var taps = dwb.Slice((k * c + ch) * kk, kk);
                        taps.Clear();
                        foreach (var (output, input, tap) in connections)
                        {
                            taps[tap] += rows[output * inner + ch * hw + input];
                        }
                    }
                }
            });
        }
    }

    private static void AddBias<T>(Conv2dGeometry g, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ohw = g.OutH * g.OutW;
        for (long plane = 0; plane < (long)g.N * g.OutChannels; plane++)
        {
            var values = y.Slice((int)(plane * ohw), ohw);
            System.Numerics.Tensors.TensorPrimitives.Add(values, bias[(int)(plane % g.OutChannels)], values);
        }
    }
}
