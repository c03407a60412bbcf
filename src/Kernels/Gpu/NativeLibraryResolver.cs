using System.Reflection;
using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Maps the library names the P/Invoke declarations use (libOpenCL.so.1, libcuda.so.1, libnvrtc.so) to whatever
/// versioned file the machine has: NVRTC in particular ships only as libnvrtc.so.12 / .13 without the dev package.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly object Gate = new();
    private static bool registered;

    private static readonly Dictionary<string, string[]> Candidates = new()
    {
        ["libOpenCL.so.1"] = ["libOpenCL.so.1", "libOpenCL.so", "OpenCL"],
        ["libcuda.so.1"] = ["libcuda.so.1", "libcuda.so", "nvcuda"],
        ["libnvrtc.so"] = ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "nvrtc64_120_0"],
    };

    private static readonly string[] CudaLibraryDirectories =
        ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/x86_64-linux-gnu"];

    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
            registered = true;
        }
    }

    /// <summary>True when one of the names for <paramref name="library"/> loads.</summary>
    public static bool TryLoad(string library, out nint handle)
    {
        handle = Resolve(library, typeof(NativeLibraryResolver).Assembly, null);
        return handle != 0;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Candidates.TryGetValue(name, out var names))
        {
            return 0;
        }

        foreach (var candidate in names)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        // CUDA toolkits install outside the loader path; also accept any libnvrtc.so.* found there.
        var cudaHome = Environment.GetEnvironmentVariable("CUDA_HOME") ?? Environment.GetEnvironmentVariable("CUDA_PATH");
        var directories = cudaHome is null ? CudaLibraryDirectories : [Path.Combine(cudaHome, "lib64"), .. CudaLibraryDirectories];
        foreach (var directory in directories.Where(Directory.Exists))
        {
            var stem = name.Split(".so")[0];
            foreach (var file in Directory.EnumerateFiles(directory, stem + ".so*").Order())
            {
                if (NativeLibrary.TryLoad(file, out var handle))
                {
                    return handle;
                }
            }
        }

        return 0;
    }
}
