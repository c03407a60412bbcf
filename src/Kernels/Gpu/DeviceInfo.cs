using IlgpuNet.Kernels.Cuda;
using IlgpuNet.Kernels.OpenCl;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>One accelerator as `ilgpunet devices` lists it.</summary>
public sealed record DeviceInfo(Device Device, string Name, string Vendor, long MemoryBytes, int ComputeUnits, string Detail)
{
    /// <summary>
    /// Every OpenCL and CUDA device this machine has. A missing library or driver is not an error here: it becomes
    /// a line in <paramref name="problems"/> (e.g. "cuda: no CUDA driver (libcuda.so.1) found").
    /// </summary>
    public static IReadOnlyList<DeviceInfo> List(out IReadOnlyList<string> problems)
    {
        var devices = new List<DeviceInfo>();
        var notes = new List<string>();
        try
        {
            var entries = OpenClDevices.Enumerate();
            devices.AddRange(entries.Select((e, i) => OpenClDevices.Describe(i, e)));
            if (entries.Count == 0)
            {
                notes.Add("opencl: no OpenCL platform/device found");
            }
        }
        catch (DllNotFoundException)
        {
            notes.Add("opencl: libOpenCL.so.1 not found");
        }
        catch (DeviceApiException e)
        {
            notes.Add("opencl: " + e.Message);
        }

        try
        {
            devices.AddRange(CudaBackend.ListDevices());
        }
        catch (DeviceUnavailableException e)
        {
            notes.Add("cuda: " + e.Message);
        }

        problems = notes;
        return devices;
    }

    public static IReadOnlyList<DeviceInfo> List() => List(out _);

    public override string ToString() =>
        $"{Device,-10} {Name} | {Vendor} | {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB | {ComputeUnits} compute units | {Detail}";
}
