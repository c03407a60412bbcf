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
                kernels = new DeviceKernels(Open(device));
                Opened[device] = kernels;
            }

            return kernels;
        }
    }

    /// <summary>One line per device this machine offers, then what could not be opened and why.</summary>
    public static string Found()
    {
        var devices = DeviceInfo.List(out var problems);
        return string.Join("; ", new[] { "cpu" }.Concat(devices.Select(d => $"{d.Device} = {d.Name}")).Concat(problems));
    }

    private static DeviceBackend Open(Device device)
    {
        try
        {
            return device.Kind switch
            {
                DeviceKind.OpenCl => OpenClBackend.Open(device.Index),
                DeviceKind.Cuda => CudaBackend.Open(device.Index),
                _ => throw new ArgumentException($"{device} is not an accelerator: CPU buffers are plain arrays"),
            };
        }
        catch (DeviceUnavailableException e)
        {
            throw new DeviceUnavailableException($"{device} is not available: {e.Message}. Devices found: {Found()}", e);
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
