using ILGPU.Runtime;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// One accelerator as `ilgpunet devices` lists it: what ILGPU reports (memory, multiprocessors, warp size, group
/// limit) and, for a device ILGPU refuses, why.
/// </summary>
public sealed record DeviceInfo(Device Device, string Name, long MemoryBytes, int Multiprocessors, int WarpSize, int MaxGroupSize,
    string? Refusal)
{
    /// <summary>
    /// ilgpu-cpu, then every CUDA and OpenCL device ILGPU sees. What is missing is not an error here: it becomes a line
    /// in <paramref name="problems"/> (e.g. "cuda: no CUDA device: ILGPU found no NVIDIA driver (libcuda.so.1)").
    /// </summary>
    public static IReadOnlyList<DeviceInfo> List(out IReadOnlyList<string> problems)
    {
        var notes = new List<string>();
        var cpu = IlgpuDevices.CpuDevice;
        var devices = new List<DeviceInfo>
        {
            new(Device.IlgpuCpu, $"ILGPU CPU accelerator ({Environment.ProcessorCount} cores)", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
                cpu.NumMultiprocessors, cpu.WarpSize, cpu.MaxNumThreadsPerGroup, null),
        };
        var cuda = IlgpuDevices.CudaDevices;
        devices.AddRange(cuda.Select((d, i) => Describe(Kernels.Device.Cuda(i), d, null)));
        if (cuda.Count == 0)
        {
            notes.Add("cuda: " + IlgpuDevices.NoCudaReason());
        }

        var cl = IlgpuDevices.OpenClDevices;
        devices.AddRange(cl.Select((d, i) => Describe(Kernels.Device.OpenCl(i), d, IlgpuDevices.Refusal(d))));
        if (cl.Count == 0)
        {
            notes.Add("opencl: ILGPU found no OpenCL device");
        }

        problems = notes;
        return devices;
    }

    public static IReadOnlyList<DeviceInfo> List() => List(out _);

    public override string ToString() =>
        $"{Device,-10} {Name} | {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB | {Multiprocessors} multiprocessors | warp {WarpSize} | " +
        $"groups up to {MaxGroupSize} threads" + (Refusal is null ? "" : $" | refused by ILGPU: {Refusal}");

    private static DeviceInfo Describe(Device device, ILGPU.Runtime.Device d, string? refusal)
        => new(device, d.Name, d.MemorySize, d.NumMultiprocessors, d.WarpSize, d.MaxNumThreadsPerGroup, refusal);
}
