namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The process-wide entry to devices: opens ilgpu-cpu, cuda:i or opencl:i on first use and keeps it open (one
/// accelerator, one stream, one allocator and one kernel cache per device, as torch keeps one context per GPU). A
/// device that cannot open throws <see cref="DeviceUnavailableException"/> with one line saying why and what exists.
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

    /// <summary>The devices this machine offers, and what could not be opened and why, on one line.</summary>
    public static string Found()
    {
        var devices = DeviceInfo.List(out var problems);
        return string.Join("; ", new[] { "cpu" }.Concat(devices.Select(d => $"{d.Device} = {d.Name}" + (d.Refusal is null ? "" : $" (refused by ILGPU: {d.Refusal})")))
            .Concat(problems));
    }

    /// <summary>
    /// A second, private backend on <paramref name="device"/> that launches as on a GPU (wide groups, the tiled GEMM)
    /// even on ILGPU's CPU accelerator: for the tests of the kernels' GPU paths. Dispose it when done.
    /// </summary>
    public static DeviceKernels OpenWithGpuLaunchShapes(Device device) => new(new DeviceBackend(device, IlgpuDevices.Open(device), gpuLaunchShapes: true));

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

    private static DeviceBackend Open(Device device)
    {
        try
        {
            return new DeviceBackend(device, IlgpuDevices.Open(device));
        }
        catch (DeviceUnavailableException e)
        {
            throw new DeviceUnavailableException($"{device} is not available: {e.Message}. Devices found: {Found()}", e);
        }
    }
}
