using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>Runs an <see cref="IPlaneKernels"/> op: dense input, forward, and the recorded backward dx from dense dy.</summary>
internal static class PlaneOps
{
    // x (N, C, H, W) → y (N, C, outH, outW), and indices of y's shape when withIndices
    public static (Tensor Output, Tensor? Indices) Run<TKernels>(string op, string backwardName, Tensor x, int outH, int outW, bool withIndices,
        TKernels kernels)
        where TKernels : IPlaneKernels
    {
        var xd = Dense(x);
        int[] ys = [x.ShapeRef[0], x.ShapeRef[1], outH, outW];
        var y = RawOps.Empty(ys, x.DType, x.Device);
        var indices = withIndices ? RawOps.Empty(ys, x.Device.IsCpu ? DType.Int32 : DType.Int64, x.Device) : null;
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => kernels.Forward<T>(Span<T>(xd), Span<T>(y), Span<int>(indices));
        Dispatch(op, x, Forward<float>, Forward<double>, () => kernels.OnDevice(xd, y, indices));

        var output = Graph.Record(backwardName, y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => kernels.Backward<T>(Span<T>(dy), Span<int>(indices), Span<T>(dx));
            Dispatch(op, x, Backward<float>, Backward<double>, () => kernels.BackwardOnDevice(dy, indices, dx));
            DisposeCopy(dy, gy);
            return [dx];
        }, saved: [indices]); // the backward reads x's shape only
        DisposeCopy(xd, x);
        return (output, indices);
    }
}
