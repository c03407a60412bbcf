using System.Numerics;

namespace IlgpuNet.Kernels;

/// <summary>
/// The int conversions of a floating element type that kernels shared by the CPU and the devices need. Generic math's
/// T.CreateTruncating reads typeof(T), which ILGPU cannot compile, so the device kernels pass their own (the
/// DeviceReals of IlgpuNet.Kernels.Ilgpu).
/// </summary>
public interface IRealConversion<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T FromInt32(int value);

    /// <summary>The value rounded toward zero (a C cast).</summary>
    int ToInt32(T value);
}
