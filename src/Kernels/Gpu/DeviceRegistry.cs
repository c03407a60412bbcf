using IlgpuNet.Kernels.Cuda;
using IlgpuNet.Kernels.OpenCl;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The process-wide entry to devices: opens opencl:i / cuda:i on first use and keeps it open (one context, one
/// queue and one allocator per device, as torch keeps one per GPU). Unknown indices or missing libraries throw
/// <see cref="DeviceUnavailableException"/> whose message lists the devices that do exist.
/// </summary>
public static class DeviceRegistry
{
    private static readonly Dictionary<Device, DeviceKernels> Opened = new();

    public static DeviceBackend Backend(Device device) => Kernels(device).Backend;

    public static DeviceKernels Kernels(Device device)
    {
        lock (Opened)
        {
            if (!Opened.TryGetValue(device, out var kernels))
            {
                DeviceBackend backend = device.Kind switch
                {
                    DeviceKind.OpenCl => OpenClBackend.Open(device.Index),
                    DeviceKind.Cuda => CudaBackend.Open(device.Index),
                    _ => throw new ArgumentException($"{device} is not an accelerator: CPU buffers are plain arrays"),
                };
                kernels = new DeviceKernels(backend);
                Opened[device] = kernels;
            }

            return kernels;
        }
    }

    /// <summary>True when <paramref name="device"/> opens; <paramref name="reason"/> says why not otherwise.</summary>
    public static bool TryOpen(Device device, out string reason)
    {
        try
        {
            Kernels(device);
            reason = "";
            return true;
        }
        catch (DeviceUnavailableException e)
        {
            reason = e.Message;
            return false;
        }
    }
}
