using System.Reflection;
using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// ILGPU binds the CUDA driver and the OpenCL loader by their unversioned names (libcuda.so, libOpenCL.so), which
/// only development packages install; a machine with just the NVIDIA driver or an OpenCL ICD loader has libcuda.so.1 /
/// libOpenCL.so.1. This resolver falls back to those sonames. (On WSL ILGPU installs its own resolver, so this one stays out.)
/// </summary>
internal static class DriverLibraries
{
    private static readonly Dictionary<string, string> Sonames = new(StringComparer.Ordinal)
    {
        ["cuda"] = "libcuda.so.1",
        ["OpenCL"] = "libOpenCL.so.1",
    };

    private static int registered;

    public static void Register()
    {
        if (!OperatingSystem.IsLinux() || IsWsl() || Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
        {
            return handle;
        }

        return Sonames.TryGetValue(name, out var soname) && NativeLibrary.TryLoad(soname, out handle) ? handle : 0;
    }

    private static bool IsWsl()
        => File.Exists("/proc/version") && File.ReadAllText("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase);
}
