using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tests.Projects;

/// <summary>A fact that needs opencl:0: skipped with the reason when it does not open, unless CI=true (then it runs and fails).</summary>
public sealed class OpenClFactAttribute : FactAttribute
{
    public OpenClFactAttribute()
    {
        if (!DeviceRegistry.TryOpen(Device.OpenCl(0), out var reason) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"no OpenCL device: {reason}";
        }
    }
}
