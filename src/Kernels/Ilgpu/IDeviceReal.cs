using System.Numerics;
using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// A floating element type as the generic-math device kernels use it: the int conversions generic math cannot give
/// them on ILGPU, and the atomic add, which ILGPU has for float and double but not for a type parameter.
/// </summary>
public interface IDeviceReal<T> : IRealConversion<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>target[index] += value, atomically.</summary>
    void AtomicAdd(ArrayView<T> target, long index, T value);
}
