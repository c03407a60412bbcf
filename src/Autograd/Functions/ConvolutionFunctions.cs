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
        Tensor xd = Dense(x), wd = Dense(weight);
        Tensor? bd = bias == null ? null : Dense(bias);
        var y = RawOps.Empty([g.N, g.OutChannels, g.OutH, g.OutW], x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => Conv2dKernels.Forward<T>(g, Span<T>(xd), Span<T>(wd), Span<T>(bd), Span<T>(y));
        Dispatch(op, x, Forward<float>, Forward<double>, () => DeviceConvolution.Forward(g, xd, wd, bd, y));

        Tensor[] inputs = bias == null ? [x, weight] : [x, weight, bias];
        return Graph.Record("ConvolutionBackward", y, inputs, gy =>
        {
            var dy = Dense(gy);
            Tensor? dx = x.RequiresGrad ? RawOps.Empty(xs, x.DType, x.Device) : null;
            Tensor? dw = weight.RequiresGrad ? RawOps.Empty(ws, x.DType, x.Device) : null;
            Tensor? db = bias is { RequiresGrad: true } ? RawOps.Empty([ws[0]], x.DType, x.Device) : null;
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (dx != null)
                {
                    Conv2dKernels.BackwardInput<T>(g, Span<T>(dy), Span<T>(wd), Span<T>(dx));
                }

                if (dw != null)
                {
                    Conv2dKernels.BackwardWeight<T>(g, Span<T>(xd), Span<T>(dy), Span<T>(dw));
                }

                if (db != null)
                {
                    Conv2dKernels.BackwardBias<T>(g, Span<T>(dy), Span<T>(db));
                }
            }

            void OnDevice()
            {
                if (dx != null)
                {
                    DeviceConvolution.BackwardInput(g, dy, wd, dx);
                }

                if (dw != null)
                {
                    DeviceConvolution.BackwardWeight(g, xd, dy, dw);
                }

                if (db != null)
                {
                    DeviceConvolution.BackwardBias(dy, db);
                }
            }

            Dispatch(op, x, Backward<float>, Backward<double>, OnDevice);
            return bias == null ? [dx, dw] : [dx, dw, db];
        });
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
        Tensor xd = Dense(x), wd = Dense(weight);
        Tensor? bd = bias == null ? null : Dense(bias);
        var y = RawOps.Empty([g.N, g.OutChannels, g.OutH, g.OutW], x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => ConvTranspose2dKernels.Forward<T>(g, Span<T>(xd), Span<T>(wd), Span<T>(bd), Span<T>(y));
        Dispatch(op, x, Forward<float>, Forward<double>, () => DeviceConvolution.TransposeForward(g, xd, wd, bd, y));

        Tensor[] inputs = bias == null ? [x, weight] : [x, weight, bias];
        return Graph.Record("ConvolutionBackward", y, inputs, gy =>
        {
            var dy = Dense(gy);
            Tensor? dx = x.RequiresGrad ? RawOps.Empty(xs, x.DType, x.Device) : null;
            Tensor? dw = weight.RequiresGrad ? RawOps.Empty(ws, x.DType, x.Device) : null;
            Tensor? db = bias is { RequiresGrad: true } ? RawOps.Empty([outChannels], x.DType, x.Device) : null;
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (dx != null)
                {
                    ConvTranspose2dKernels.BackwardInput<T>(g, Span<T>(dy), Span<T>(wd), Span<T>(dx));
                }

                if (dw != null)
                {
                    ConvTranspose2dKernels.BackwardWeight<T>(g, Span<T>(xd), Span<T>(dy), Span<T>(dw));
                }

                if (db != null)
                {
                    ConvTranspose2dKernels.BackwardBias<T>(g, Span<T>(dy), Span<T>(db));
                }
            }

            void OnDevice()
            {
                if (dx != null)
                {
                    DeviceConvolution.TransposeBackwardInput(g, dy, wd, dx);
                }

                if (dw != null)
                {
                    DeviceConvolution.TransposeBackwardWeight(g, xd, dy, dw);
                }

                if (db != null)
                {
                    DeviceConvolution.BackwardBias(dy, db);
                }
            }

            Dispatch(op, x, Backward<float>, Backward<double>, OnDevice);
            return bias == null ? [dx, dw] : [dx, dw, db];
        });
    }
}
