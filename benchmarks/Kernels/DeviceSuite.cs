using BenchmarkDotNet.Attributes;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Kernels;

/// <summary>
/// Base of the kernel suites: every case runs once per backend present (<see cref="BenchmarkDevices"/>), through the
/// public Tensor API, so the CPU and the devices run the same benchmark code.
/// </summary>
public abstract class DeviceSuite
{
    public static IEnumerable<Device> Devices => BenchmarkDevices.Present;

    private readonly Generator generator = new(1);

    [ParamsSource(nameof(Devices))]
    public Device Device { get; set; } = Device.Cpu;

    /// <summary>Standard-normal float32 values drawn on the CPU from this suite's seeded generator, then moved to <see cref="Device"/>.</summary>
    protected Tensor Randn(params int[] shape) => Tensor.Randn(shape, generator: generator).To(Device);

    /// <summary>
    /// <paramref name="t"/> as an input whose gradient is computed and then dropped: backward runs the op's own
    /// gradient kernels and stops here. (A leaf would add a copy into .Grad on the first call and an accumulating
    /// pass on every later one, work the op itself does not do.)
    /// </summary>
    public static Tensor GradientEnd(Tensor t)
    {
        var source = t.Detach();
        source.RequiresGrad = true;
        return Graph.Record("GradientEnd", t.Detach(), [source], _ => [null]);
    }

    /// <summary>Device ops are only queued: each case waits for them so the time is that of the work.</summary>
    protected void Synchronize() => BenchmarkDevices.Synchronize(Device);
}
