using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// The <see cref="IDeviceReal{T}"/> of float32, what devices train in, and of float64, which only kernel-level
/// gradient checks use (float64 tensors stay on the CPU).
/// </summary>
public static class DeviceReals
{
    public readonly struct Float32 : IDeviceReal<float>
    {
        public float FromInt32(int value) => value;

        public int ToInt32(float value) => (int)value;

        public void AtomicAdd(ArrayView<float> target, long index, float value) => Atomic.Add(ref target[index], value);
    }

    public readonly struct Float64 : IDeviceReal<double>
    {
        public double FromInt32(int value) => value;

        public int ToInt32(double value) => (int)value;

        public void AtomicAdd(ArrayView<double> target, long index, double value) => Atomic.Add(ref target[index], value);
    }
}
