using System.Numerics;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// The forward and backward span kernels of an op that maps each (n, c) plane of an (N, C, H, W) input to a plane
/// of (N, C, OH, OW): pooling, adaptive pooling, resampling, bound to their sizes and options. Ops that remember
/// argmax positions get an int64 indices buffer of the output's shape; the others get an empty span.
/// </summary>
internal interface IPlaneKernels
{
    void Forward<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> indices)
        where T : unmanaged, IFloatingPointIeee754<T>;

    void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<long> indices, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
