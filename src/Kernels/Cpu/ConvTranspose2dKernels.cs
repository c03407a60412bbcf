using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// conv_transpose2d, NCHW, PyTorch semantics (stride, padding, output_padding, dilation, groups). It is the adjoint
/// of the conv2d <see cref="ConvTranspose2dGeometry.AdjointConv"/> that shares its weight, so
///   forward = conv backward-input (GEMM + col2im), backward-input = conv forward,
///   backward-weight = conv backward-weight with x and dy swapped.
/// weight: (InChannels, OutChannels/G, KH, KW). Every output is fully overwritten; empty bias means none.
/// </summary>
public static class ConvTranspose2dKernels
{
    // x: (N, Cin, H, W), weight: (Cin, Cout/G, KH, KW), bias: (Cout) or empty → y: (N, Cout, OH, OW)
    public static unsafe void Forward<T>(ConvTranspose2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Conv2dKernels.BackwardInput(g.AdjointConv, x, weight, y);
        if (bias.IsEmpty)
        {
            return;
        }

        Conv2dKernels.CheckLength(bias, g.OutChannels, "bias");
        int k = g.OutChannels, ohw = g.OutH * g.OutW;
        fixed (T* py = y, pb = bias)
        {
            var yb = new RawBuffer<T>(py, y.Length);
            var bb = new RawBuffer<T>(pb, bias.Length);
            CpuParallel.For((long)g.N * k, ohw, (s, e) =>
            {
                for (long idx = s; idx < e; idx++)
                {
                    var plane = yb.Slice(idx * ohw, ohw);
                    TensorPrimitives.Add(plane, bb[idx % k], plane);
                }
            });
        }
    }

    // dy: (N, Cout, OH, OW), weight: (Cin, Cout/G, KH, KW) → dx: (N, Cin, H, W)
    public static void BackwardInput<T>(ConvTranspose2dGeometry g, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Conv2dKernels.Forward(g.AdjointConv, dy, weight, ReadOnlySpan<T>.Empty, dx);

    // x: (N, Cin, H, W), dy: (N, Cout, OH, OW) → dWeight: (Cin, Cout/G, KH, KW)
    public static void BackwardWeight<T>(ConvTranspose2dGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Conv2dKernels.BackwardWeight(g.AdjointConv, dy, x, dWeight);

    // dy: (N, Cout, OH, OW) → dBias: (Cout)
    public static void BackwardBias<T>(ConvTranspose2dGeometry g, ReadOnlySpan<T> dy, Span<T> dBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Conv2dKernels.CheckLength(dy, g.OutputLength, "dy");
        Conv2dKernels.CheckLength(dBias, g.OutChannels, "dBias");
        Conv2dKernels.ChannelSum(dy, g.N, g.OutChannels, g.OutH * g.OutW, dBias);
    }
}
