using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Benchmarks.Kernels;

/// <summary>
/// The backends the kernel suites run on: the CPU, then opencl:0 and cuda:0 when they open. A backend that does not
/// open is left out, and the reason is printed once per process ("cuda:0 is not available: no CUDA driver ...; its cases are left out").
/// </summary>
public static class BenchmarkDevices
{
    private static readonly Device[] Candidates = [Device.OpenCl(0), Device.Cuda(0)];

    private static readonly Lazy<IReadOnlyList<Device>> Opened = new(() =>
    {
        var present = new List<Device> { Device.Cpu };
        foreach (var (device, reason) in Probe(Candidates))
        {
            if (reason is null)
            {
                present.Add(device);
            }
            else
            {
                Console.WriteLine($"benchmarks: {reason}; its cases are left out");
            }
        }

        return present;
    });

    /// <summary>The CPU and every candidate device that opens, in that order.</summary>
    public static IReadOnlyList<Device> Present => Opened.Value;

    /// <summary>Each device with null when it opens, else why it does not.</summary>
    public static IEnumerable<(Device Device, string? Reason)> Probe(IEnumerable<Device> devices)
        => devices.Select(d => (d, d.IsCpu || DeviceRegistry.TryOpen(d, out var reason) ? null : (string?)reason));

    /// <summary>Waits until the device has run everything queued on it (kernels are only queued by the ops).</summary>
    public static void Synchronize(Device device)
    {
        if (!device.IsCpu)
        {
            DeviceRegistry.Backend(device).Synchronize();
        }
    }
}
