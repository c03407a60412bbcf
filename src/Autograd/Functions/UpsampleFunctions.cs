using System.Numerics;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// interpolate / upsample over (N, C, H, W), nearest and bilinear, forward and backward side by side. A scale factor
/// given by the user is passed on (PyTorch maps indices with 1/scale, not in/out, unless recompute_scale_factor).
/// </summary>
public static class UpsampleFunctions
{
    // x (N, C, H, W) → y (N, C, OH, OW)       nearest: dx[src] += dy;  bilinear: dy spread over the 4 taps
    public static Tensor Upsample2d(Tensor x, int outH, int outW, bool bilinear, bool alignCorners, double? scaleH, double? scaleW)
    {
        string op = bilinear ? "upsample_bilinear2d" : "upsample_nearest2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{op}: output size must be positive, got {outH}x{outW}");
        }

        var planes = new PlaneSizes(x.ShapeRef, outH, outW);
        return bilinear
            ? PlaneOps.Run(op, "UpsampleBilinear2DBackward", x, outH, outW, withIndices: false, new Bilinear(planes, alignCorners, scaleH, scaleW)).Output
            : PlaneOps.Run(op, "UpsampleNearest2DBackward", x, outH, outW, withIndices: false, new Nearest(planes, scaleH, scaleW)).Output;
    }

    private readonly struct Nearest(PlaneSizes p, double? scaleH, double? scaleW) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => UpsampleKernels.NearestForward(x, p.N, p.C, p.H, p.W, y, p.OutH, p.OutW, scaleH, scaleW);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => UpsampleKernels.NearestBackward(dy, p.N, p.C, p.H, p.W, dx, p.OutH, p.OutW, scaleH, scaleW);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DeviceUpsample.Forward(x, y, bilinear: false, alignCorners: false, scaleH, scaleW);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DeviceUpsample.Backward(dy, dx, bilinear: false, alignCorners: false, scaleH, scaleW);
    }

    private readonly struct Bilinear(PlaneSizes p, bool alignCorners, double? scaleH, double? scaleW) : IPlaneKernels
    {
        public void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
            where T : unmanaged, IFloatingPointIeee754<T>
            => UpsampleKernels.BilinearForward(x, p.N, p.C, p.H, p.W, y, p.OutH, p.OutW, alignCorners, scaleH, scaleW);

        public void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
            where T : unmanaged, IFloatingPointIeee754<T>
            => UpsampleKernels.BilinearBackward(dy, p.N, p.C, p.H, p.W, dx, p.OutH, p.OutW, alignCorners, scaleH, scaleW);

        public void OnDevice(Tensor x, Tensor y, Tensor? indices) => DeviceUpsample.Forward(x, y, bilinear: true, alignCorners, scaleH, scaleW);

        public void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx) => DeviceUpsample.Backward(dy, dx, bilinear: true, alignCorners, scaleH, scaleW);
    }
}
