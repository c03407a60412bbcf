using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// max/avg pooling and adaptive pooling over (N, C, H, W) on the CPU or a device, forward and backward side by side. Output sizes follow
/// PyTorch's formulas (ceil_mode included, <see cref="ConvGeometry.PoolOutputSize"/>).
/// </summary>
public static class PoolingFunctions
{
    // x (N, C, H, W) → y (N, C, OH, OW), indices (N, C, OH, OW) int64 flat h*W + w     dx = dy scattered to the argmax
    public static (Tensor Output, Tensor Indices) MaxPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW, int dilationH, int dilationW, bool ceilMode)
    {
        const string op = "max_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        int[] xs = x.ShapeRef;
        var g = new Pool2dGeometry(xs[0], xs[1], xs[2], xs[3], kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode);
        var xd = Dense(x);
        int[] ys = [g.N, g.Channels, g.OutH, g.OutW];
        var y = RawOps.Empty(ys, x.DType, x.Device);
        var indices = RawOps.Empty(ys, DType.Int64, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => MaxPool2dKernels.Forward<T>(g, Span<T>(xd), Span<T>(y), Span<long>(indices));
        Dispatch(op, x, Forward<float>, Forward<double>, () => DevicePooling.MaxForward(g, xd, y, indices));

        Graph.Record("MaxPool2DWithIndicesBackward", y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(xs, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => MaxPool2dKernels.Backward<T>(g, Span<T>(dy), Span<long>(indices), Span<T>(dx));
            Dispatch(op, x, Backward<float>, Backward<double>, () => DevicePooling.MaxBackward(g, dy, indices, dx));
            return [dx];
        });
        return (y, indices);
    }

    // x (N, C, H, W) → y (N, C, OH, OW), window mean          dx = dy / divisor spread over each window
    public static Tensor AvgPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        bool ceilMode, bool countIncludePad, int? divisorOverride)
    {
        const string op = "avg_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        int[] xs = x.ShapeRef;
        var g = new Pool2dGeometry(xs[0], xs[1], xs[2], xs[3], kernelH, kernelW, strideH, strideW, padH, padW, 1, 1, ceilMode);
        var xd = Dense(x);
        var y = RawOps.Empty([g.N, g.Channels, g.OutH, g.OutW], x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => AvgPool2dKernels.Forward<T>(g, Span<T>(xd), Span<T>(y), countIncludePad, divisorOverride);
        Dispatch(op, x, Forward<float>, Forward<double>, () => DevicePooling.AvgForward(g, xd, y, countIncludePad, divisorOverride));

        return Graph.Record("AvgPool2DBackward", y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(xs, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => AvgPool2dKernels.Backward<T>(g, Span<T>(dy), Span<T>(dx), countIncludePad, divisorOverride);
            Dispatch(op, x, Backward<float>, Backward<double>, () => DevicePooling.AvgBackward(g, dy, dx, countIncludePad, divisorOverride));
            return [dx];
        });
    }

    // x (N, C, H, W) → y (N, C, OH, OW), window i = [floor(i*H/OH), ceil((i+1)*H/OH))
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW)
    {
        const string op = "adaptive_avg_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        CheckAdaptive(op, outH, outW);
        int[] xs = x.ShapeRef;
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        var xd = Dense(x);
        var y = RawOps.Empty([n, c, outH, outW], x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.AvgForward<T>(Span<T>(xd), n, c, h, w, Span<T>(y), outH, outW);
        Dispatch(op, x, Forward<float>, Forward<double>, () => DevicePooling.AdaptiveForward(xd, y, null));

        return Graph.Record("AdaptiveAvgPool2DBackward", y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(xs, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => AdaptivePool2dKernels.AvgBackward<T>(Span<T>(dy), n, c, h, w, Span<T>(dx), outH, outW);
            Dispatch(op, x, Backward<float>, Backward<double>, () => DevicePooling.AdaptiveBackward(dy, null, dx));
            return [dx];
        });
    }

    // x (N, C, H, W) → y, indices (N, C, OH, OW) over the adaptive windows       dx = dy scattered to the argmax
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2d(Tensor x, int outH, int outW)
    {
        const string op = "adaptive_max_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        CheckAdaptive(op, outH, outW);
        int[] xs = x.ShapeRef;
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        var xd = Dense(x);
        var y = RawOps.Empty([n, c, outH, outW], x.DType, x.Device);
        var indices = RawOps.Empty([n, c, outH, outW], DType.Int64, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.MaxForward<T>(Span<T>(xd), n, c, h, w, Span<T>(y), Span<long>(indices), outH, outW);
        Dispatch(op, x, Forward<float>, Forward<double>, () => DevicePooling.AdaptiveForward(xd, y, indices));

        Graph.Record("AdaptiveMaxPool2DBackward", y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(xs, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => AdaptivePool2dKernels.MaxBackward<T>(Span<T>(dy), Span<long>(indices), n, c, h, w, Span<T>(dx), outH, outW);
            Dispatch(op, x, Backward<float>, Backward<double>, () => DevicePooling.AdaptiveBackward(dy, indices, dx));
            return [dx];
        });
        return (y, indices);
    }

    private static void CheckAdaptive(string op, int outH, int outW)
    {
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{op}: output size must be positive, got {outH}x{outW}");
        }
    }
}
