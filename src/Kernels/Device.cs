namespace IlgpuNet.Kernels;

/// <summary>Where a buffer lives: <c>cpu</c>, <c>cuda:0</c>, <c>opencl:0</c>.</summary>
public readonly record struct Device(DeviceKind Kind, int Index = 0)
{
    public static Device Cpu => new(DeviceKind.Cpu);

    public static Device Cuda(int index = 0) => new(DeviceKind.Cuda, index);

    public static Device OpenCl(int index = 0) => new(DeviceKind.OpenCl, index);

    public bool IsCpu => Kind == DeviceKind.Cpu;

    /// <summary>Parses "cpu", "cuda", "cuda:1", "opencl", "opencl:0" (case-insensitive).</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        int index = 0;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out index)) || index < 0)
        {
            throw new ArgumentException($"unknown device '{text}': expected cpu, cuda[:N] or opencl[:N]");
        }

        return parts[0] switch
        {
            "cpu" => Cpu,
            "cuda" => Cuda(index),
            "opencl" or "ocl" => OpenCl(index),
            _ => throw new ArgumentException($"unknown device '{text}': expected cpu, cuda[:N] or opencl[:N]"),
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
        DeviceKind.Cuda => $"cuda:{Index}",
        _ => $"opencl:{Index}",
    };
}
