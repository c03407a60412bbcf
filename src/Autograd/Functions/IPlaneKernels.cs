using System.Numerics;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// The forward and backward span kernels of an op that maps each (n, c) plane of an (N, C, H, W) input to a plane
/// of (N, C, OH, OW): pooling, adaptive pooling, resampling, bound to their sizes and options, and the same pair on a
/// device (dense float32 tensors there). Ops that remember argmax positions get an indices buffer of the output's
/// shape, int32 on the CPU and int64 on a device; the others get an empty span (null on a device).
/// </summary>
internal interface IPlaneKernels
{
    void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>;

    void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>;

    void OnDevice(Tensor x, Tensor y, Tensor? indices);

    void BackwardOnDevice(Tensor dy, Tensor? indices, Tensor dx);
}
