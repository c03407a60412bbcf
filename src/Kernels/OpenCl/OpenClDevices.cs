using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.OpenCl;

/// <summary>Enumerates OpenCL devices across all platforms, in a stable order: device i is opencl:i.</summary>
internal static unsafe class OpenClDevices
{
    public readonly record struct Entry(nint Platform, nint Device, string PlatformName);

    /// <summary>Every device of every platform; empty when the ICD loader finds no platform.</summary>
    public static IReadOnlyList<Entry> Enumerate()
    {
        uint platformCount;
        int status = OpenClApi.clGetPlatformIDs(0, null, &platformCount);
        if (status == OpenClApi.CL_PLATFORM_NOT_FOUND_KHR || platformCount == 0)
        {
            return [];
        }

        OpenClApi.Check(status, "clGetPlatformIDs");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms)
        {
            OpenClApi.Check(OpenClApi.clGetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");
        }

        var entries = new List<Entry>();
        foreach (var platform in platforms)
        {
            uint deviceCount;
            status = OpenClApi.clGetDeviceIDs(platform, OpenClApi.CL_DEVICE_TYPE_ALL, 0, null, &deviceCount);
            if (status == OpenClApi.CL_DEVICE_NOT_FOUND || deviceCount == 0)
            {
                continue;
            }

            OpenClApi.Check(status, "clGetDeviceIDs");
            var devices = new nint[deviceCount];
            fixed (nint* d = devices)
            {
                OpenClApi.Check(OpenClApi.clGetDeviceIDs(platform, OpenClApi.CL_DEVICE_TYPE_ALL, deviceCount, d, null), "clGetDeviceIDs");
            }

            var platformName = OpenClApi.PlatformString(platform, OpenClApi.CL_PLATFORM_NAME);
            entries.AddRange(devices.Select(d => new Entry(platform, d, platformName)));
        }

        return entries;
    }

    public static DeviceInfo Describe(int index, Entry entry) => new(
        Device.OpenCl(index),
        OpenClApi.DeviceString(entry.Device, OpenClApi.CL_DEVICE_NAME),
        OpenClApi.DeviceString(entry.Device, OpenClApi.CL_DEVICE_VENDOR),
        (long)OpenClApi.DeviceValue<ulong>(entry.Device, OpenClApi.CL_DEVICE_GLOBAL_MEM_SIZE),
        (int)OpenClApi.DeviceValue<uint>(entry.Device, OpenClApi.CL_DEVICE_MAX_COMPUTE_UNITS),
        $"{entry.PlatformName}, {OpenClApi.DeviceString(entry.Device, OpenClApi.CL_DEVICE_VERSION)}");
}
