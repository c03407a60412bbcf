using System.Numerics;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// conv2d and conv_transpose2d over the CPU kernels or the device ones (im2col + GEMM), forward and backward side by side. Padding is symmetric here;
/// asymmetric ("same" with an even kernel) is padded by the caller. Each backward computes only the gradients
/// whose inputs require them.
/// </summary>
public static class ConvolutionFunctions
{
    // x (N, C, H, W), weight (K, C/G, KH, KW), bias (K) → y (N, K, OH, OW)
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int strideH, int strideW, int padH, int padW,
        int dilationH, int dilationW, int groups)
    {
        const string op = "conv2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        RequireRank(op, weight, 4, "weight (K, C/groups, KH, KW)");
        RequireSameDType(op, x, weight, bias);
        RequireSameDevice(op, x, weight, bias);
        int[] xs = x.ShapeRef, ws = weight.ShapeRef;
        if (xs[1] != ws[1] * groups)
        {
            throw new ArgumentException($"{op}: input has {xs[1]} channels but weight {ShapeRules.Format(ws)} with groups={groups} expects {ws[1] * groups}");
        }

        if (bias != null && (bias.Rank != 1 || bias.ShapeRef[0] != ws[0]))
        {
            throw new ArgumentException($"{op}: bias of shape {ShapeRules.Format(bias.ShapeRef)} does not match {ws[0]} output channels");
        }

        var g = new Conv2dGeometry(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], strideH, strideW, padH, padW, dilationH, dilationW, groups);
        return Convolve(op, x, weight, bias, [g.N, g.OutChannels, g.OutH, g.OutW], new Conv2dCalls(g));
    }

    // x (N, Cin, H, W), weight (Cin, Cout/G, KH, KW), bias (Cout) → y (N, Cout, OH, OW),
    // OH = (H-1)*stride - 2*pad + dil*(KH-1) + output_padding + 1
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, int strideH, int strideW, int padH, int padW,
        int outputPadH, int outputPadW, int dilationH, int dilationW, int groups)
    {
        const string op = "conv_transpose2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        RequireRank(op, weight, 4, "weight (Cin, Cout/groups, KH, KW)");
        RequireSameDType(op, x, weight, bias);
        RequireSameDevice(op, x, weight, bias);
        int[] xs = x.ShapeRef, ws = weight.ShapeRef;
        if (xs[1] != ws[0] || ws[0] % groups != 0)
        {
            throw new ArgumentException($"{op}: input has {xs[1]} channels but weight {ShapeRules.Format(ws)} expects {ws[0]} (groups={groups})");
        }

        int outChannels = ws[1] * groups;
        if (bias != null && (bias.Rank != 1 || bias.ShapeRef[0] != outChannels))
        {
            throw new ArgumentException($"{op}: bias of shape {ShapeRules.Format(bias.ShapeRef)} does not match {outChannels} output channels");
        }

        var g = new ConvTranspose2dGeometry(xs[0], xs[1], xs[2], xs[3], outChannels, ws[2], ws[3], strideH, strideW, padH, padW,
            outputPadH, outputPadW, dilationH, dilationW, groups);
        return Convolve(op, x, weight, bias, [g.N, g.OutChannels, g.OutH, g.OutW], new ConvTranspose2dCalls(g));
    }

    /// <summary>The four span kernels of one convolution kind and its device launches, bound to its geometry.</summary>
    private interface IConvolutionCalls
    {
        void OnDevice(Tensor x, Tensor weight, Tensor? bias, Tensor y);

        void BackwardInputOnDevice(Tensor dy, Tensor weight, Tensor dx);

        void BackwardWeightOnDevice(Tensor x, Tensor dy, Tensor dWeight);

        void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
            where T : unmanaged, IFloatingPointIeee754<T>;

        void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>;

        void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
            where T : unmanaged, IFloatingPointIeee754<T>;

        void BackwardBias<T>(ReadOnlySpan<T> dy, Span<T> dBias)
            where T : unmanaged, IFloatingPointIeee754<T>;
    }

    // Forward, then the backward that computes only the gradients whose inputs require them: the same for both kinds.
    private static Tensor Convolve<TCalls>(string op, Tensor x, Tensor weight, Tensor? bias, int[] outputShape, TCalls kernels)
        where TCalls : IConvolutionCalls
    {
        Tensor xd = Dense(x), wd = Dense(weight);
        Tensor? bd = bias == null ? null : Dense(bias);
        var y = RawOps.Empty(outputShape, x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => kernels.Forward<T>(Span<T>(xd), Span<T>(wd), Span<T>(bd), Span<T>(y));
        Dispatch(op, x, Forward<float>, Forward<double>, () => kernels.OnDevice(xd, wd, bd, y));

        Tensor[] inputs = bias == null ? [x, weight] : [x, weight, bias];
        var output = Graph.Record("ConvolutionBackward", y, inputs, gy =>
        {
            var dy = Dense(gy);
            Tensor? dx = x.RequiresGrad ? RawOps.Empty(x.ShapeRef, x.DType, x.Device) : null;
            Tensor? dw = weight.RequiresGrad ? RawOps.Empty(weight.ShapeRef, x.DType, x.Device) : null;
            Tensor? db = bias is { RequiresGrad: true } ? RawOps.Empty(bias.ShapeRef, x.DType, x.Device) : null;
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (dx != null)
                {
                    kernels.BackwardInput<T>(Span<T>(dy), Span<T>(wd), Span<T>(dx));
                }

                if (dw != null)
                {
                    kernels.BackwardWeight<T>(Span<T>(xd), Span<T>(dy), Span<T>(dw));
                }

                if (db != null)
                {
                    kernels.BackwardBias<T>(Span<T>(dy), Span<T>(db));
                }
            }

            void BackwardOnDevice()
            {
                if (dx != null)
                {
                    kernels.BackwardInputOnDevice(dy, wd, dx);
                }

                if (dw != null)
                {
                    kernels.BackwardWeightOnDevice(xd, dy, dw);
                }

                if (db != null)
                {
                    DeviceConvolution.BackwardBias(dy, db);
                }
            }

            Dispatch(op, x, Backward<float>, Backward<double>, BackwardOnDevice);
            DisposeCopy(dy, gy);
            return bias == null ? [dx, dw] : [dx, dw, db];
        }, saved: [weight.RequiresGrad ? xd : null, x.RequiresGrad ? wd : null]);
        DisposeCopy(xd, x);
        DisposeCopy(wd, weight);
        if (bd != null)
        {
            DisposeCopy(bd, bias!);
        }

        return output;
    }

    private readonly struct Conv2dCalls(Conv2dGeometry g) : IConvolutionCalls
    {
        public void OnDevice(Tensor x, Tensor weight, Tensor? bias, Tensor y) => DeviceConvolution.Forward(g, x, weight, bias, y);

        public void BackwardInputOnDevice(Tensor dy, Tensor weight, Tensor dx) => DeviceConvolution.BackwardInput(g, dy, weight, dx);

        public void BackwardWeightOnDevice(Tensor x, Tensor dy, Tensor dWeight) => DeviceConvolution.BackwardWeight(g, x, dy, dWeight);

        public void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Conv2dKernels.Forward(g, x, weight, bias, y);

        public void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Conv2dKernels.BackwardInput(g, dy, weight, dx);

        public void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Conv2dKernels.BackwardWeight(g, x, dy, dWeight);

        public void BackwardBias<T>(ReadOnlySpan<T> dy, Span<T> dBias)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Conv2dKernels.BackwardBias(g, dy, dBias);
    }

    private readonly struct ConvTranspose2dCalls(ConvTranspose2dGeometry g) : IConvolutionCalls
    {
        public void OnDevice(Tensor x, Tensor weight, Tensor? bias, Tensor y) => DeviceConvolution.TransposeForward(g, x, weight, bias, y);

        public void BackwardInputOnDevice(Tensor dy, Tensor weight, Tensor dx) => DeviceConvolution.TransposeBackwardInput(g, dy, weight, dx);

        public void BackwardWeightOnDevice(Tensor x, Tensor dy, Tensor dWeight) => DeviceConvolution.TransposeBackwardWeight(g, x, dy, dWeight);

        public void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y)
            where T : unmanaged, IFloatingPointIeee754<T>
            => ConvTranspose2dKernels.Forward(g, x, weight, bias, y);

        public void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => ConvTranspose2dKernels.BackwardInput(g, dy, weight, dx);

        public void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dWeight)
            where T : unmanaged, IFloatingPointIeee754<T>
            => ConvTranspose2dKernels.BackwardWeight(g, x, dy, dWeight);

        public void BackwardBias<T>(ReadOnlySpan<T> dy, Span<T> dBias)
            where T : unmanaged, IFloatingPointIeee754<T>
            => ConvTranspose2dKernels.BackwardBias(g, dy, dBias);
    }
}
