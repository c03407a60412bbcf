namespace IlgpuNet.Kernels;

/// <summary>Where a buffer lives: <c>cpu</c>, <c>cuda:0</c>, <c>opencl:0</c>, or <c>ilgpu-cpu</c>.</summary>
public readonly record struct Device(DeviceKind Kind, int Index = 0)
{
    private const string Accepted = "expected cpu, ilgpu-cpu, cuda[:N] or opencl[:N]";

    public static Device Cpu => new(DeviceKind.Cpu);

    public static Device Cuda(int index = 0) => new(DeviceKind.Cuda, index);

    public static Device OpenCl(int index = 0) => new(DeviceKind.OpenCl, index);

    /// <summary>ILGPU's CPU accelerator: the device kernels, groups and barriers simulated by CPU threads (slow; for tests and debugging).</summary>
    public static Device IlgpuCpu => new(DeviceKind.IlgpuCpu);

    /// <summary>The native CPU backend; every other device runs the ILGPU kernels.</summary>
    public bool IsCpu => Kind == DeviceKind.Cpu;

    /// <summary>Parses "cpu", "ilgpu-cpu", "cuda", "cuda:1", "opencl", "opencl:0" (case-insensitive).</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        int index = 0;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out index)) || index < 0)
        {
            throw new ArgumentException($"unknown device '{text}': {Accepted}");
        }

        return parts[0] switch
        {
            "cpu" => Cpu,
            "ilgpu-cpu" => IlgpuCpu,
            "cuda" => Cuda(index),
            "opencl" or "ocl" => OpenCl(index),
            _ => throw new ArgumentException($"unknown device '{text}': {Accepted}"),
        };
    }

    /// <summary>The device named by ILGPUNET_DEVICE, or the CPU when it is unset.</summary>
    public static Device FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("ILGPUNET_DEVICE");
        return string.IsNullOrWhiteSpace(value) ? Cpu : Parse(value);
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.IlgpuCpu => "ilgpu-cpu",
        DeviceKind.Cuda => $"cuda:{Index}",
        _ => $"opencl:{Index}",
    };
}
