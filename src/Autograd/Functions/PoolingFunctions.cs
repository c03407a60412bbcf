using System.Numerics;
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
    // x (N, C, H, W) → y (N, C, OH, OW), indices (N, C, OH, OW) flat h*W + w (int32 on the CPU, int64 on a device)
    //                                                                                   dx = dy scattered to the argmax
    public static (Tensor Output, Tensor Indices) MaxPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW, int dilationH, int dilationW, bool ceilMode)
    {
        const string op = "max_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        int[] xs = x.ShapeRef;
        var g = new Pool2dGeometry(xs[0], xs[1], xs[2], xs[3], kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode);
        var (y, indices) = PlaneOps.Run(op, "MaxPool2DWithIndicesBackward", x, g.OutH, g.OutW, withIndices: true, new MaxPool(g));
        return (y, indices!);
    }

    // x (N, C, H, W) → y (N, C, OH, OW), window mean          dx = dy / divisor spread over each window
    public static Tensor AvgPool2d(Tensor x, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        bool ceilMode, bool countIncludePad, int? divisorOverride)
    {
        const string op = "avg_pool2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        int[] xs = x.ShapeRef;
        var g = new Pool2dGeometry(xs[0], xs[1], xs[2], xs[3], kernelH, kernelW, strideH, strideW, padH, padW, 1, 1, ceilMode);
        return PlaneOps.Run(op, "AvgPool2DBackward", x, g.OutH, g.OutW, withIndices: false, new AvgPool(g, countIncludePad, divisorOverride)).Output;
    }

    // x (N, C, H, W) → y (N, C, OH, OW), window i = [floor(i*H/OH), ceil((i+1)*H/OH))
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW)
    {
        const string op = "adaptive_avg_pool2d";
        var planes = CheckAdaptive(op, x, outH, outW);
        return PlaneOps.Run(op, "AdaptiveAvgPool2DBackward", x, outH, outW, withIndices: false, new AdaptiveAvgPool(planes)).Output;
    }

    // x (N, C, H, W) → y, indices (N, C, OH, OW) over the adaptive windows       dx = dy scattered to the argmax
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2d(Tensor x, int outH, int outW)
    {
        const string op = "adaptive_max_pool2d";
        var planes = CheckAdaptive(op, x, outH, outW);
        var (y, indices) = PlaneOps.Run(op, "AdaptiveMaxPool2DBackward", x, outH, outW, withIndices: true, new AdaptiveMaxPool(planes));
        return (y, indices!);
    }

    private static PlaneSizes CheckAdaptive(string op, Tensor x, int outH, int outW)
    {
        RequireRank(op, x, 4, "input (N, C, H, W)");
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{op}: output size must be positive, got {outH}x{outW}");
        }

        return new PlaneSizes(x.ShapeRef, outH, outW);
    }

    private readonly struct MaxPool(Pool2dGeometry g) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => MaxPool2dKernels.Forward(g, x, y, indices);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => MaxPool2dKernels.Backward(g, dy, indices, dx);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DevicePooling.MaxForward(g, x, y, indices!);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DevicePooling.MaxBackward(g, dy, indices!, dx);
    }

    private readonly struct AvgPool(Pool2dGeometry g, bool countIncludePad, int? divisorOverride) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AvgPool2dKernels.Forward(g, x, y, countIncludePad, divisorOverride);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AvgPool2dKernels.Backward(g, dy, dx, countIncludePad, divisorOverride);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DevicePooling.AvgForward(g, x, y, countIncludePad, divisorOverride);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DevicePooling.AvgBackward(g, dy, dx, countIncludePad, divisorOverride);
    }

    private readonly struct AdaptiveAvgPool(PlaneSizes p) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.AvgForward(x, p.N, p.C, p.H, p.W, y, p.OutH, p.OutW);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.AvgBackward(dy, p.N, p.C, p.H, p.W, dx, p.OutH, p.OutW);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DevicePooling.AdaptiveForward(x, y, null);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DevicePooling.AdaptiveBackward(dy, null, dx);
    }

    private readonly struct AdaptiveMaxPool(PlaneSizes p) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.MaxForward(x, p.N, p.C, p.H, p.W, y, indices, p.OutH, p.OutW);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => AdaptivePool2dKernels.MaxBackward(dy, indices, p.N, p.C, p.H, p.W, dx, p.OutH, p.OutW);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DevicePooling.AdaptiveForward(x, y, indices);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DevicePooling.AdaptiveBackward(dy, indices, dx);
    }
}
