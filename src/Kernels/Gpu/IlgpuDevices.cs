using ILGPU;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The process's one ILGPU context and the accelerators it can open. The context sees every CUDA device (through the
/// NVIDIA driver alone), every OpenCL device (including those ILGPU refuses, so they can be listed with the reason),
/// and ILGPU.Algorithms is enabled on it (XMath, group reductions).
/// </summary>
public static class IlgpuDevices
{
    /// <summary>
    /// The simulated device behind ilgpu-cpu: groups of up to 64 threads (16 warps of 4), enough for the GEMM's 8×8
    /// tile, on two multiprocessors (two groups run at once, one per core of a 2-core machine). ILGPU's CPU accelerator
    /// runs each thread of a group as an OS thread and every barrier wakes all of them (about 0.4 ms for 64 threads
    /// here, against 1.6-5 ms for 256), so the kernels launch small groups there (<see cref="DeviceBackend.SimulatesGroups"/>).
    /// </summary>
    public static readonly CPUDevice CpuDevice = new(numThreadsPerWarp: 4, numWarpsPerMultiprocessor: 16, numMultiprocessors: 2);

    private static readonly Lazy<Context> SharedContext = new(() =>
    {
        DriverLibraries.Register();
        return Context.Create(builder => builder
            .Cuda()
            .OpenCL(_ => true)
            .Optimize(OptimizationLevel.O1)
            .EnableAlgorithms());
    });

    public static Context Context => SharedContext.Value;

    public static IReadOnlyList<CudaDevice> CudaDevices => [.. Context.GetCudaDevices()];

    public static IReadOnlyList<CLDevice> OpenClDevices => [.. Context.GetCLDevices()];

    /// <summary>Why ILGPU cannot run its kernels on an OpenCL device, or null when it can.</summary>
    public static string? Refusal(CLDevice device)
    {
        var reasons = new List<string>();
        if (!device.Capabilities.GenericAddressSpace)
        {
            reasons.Add(CLCapabilityContext.GetNotSupportedGenericAddressSpaceException().Message.TrimEnd('.'));
        }

        if (device.CVersion < CLBackend.MinimumVersion)
        {
            reasons.Add($"its OpenCL C {device.CVersion} is below the {CLBackend.MinimumVersion} ILGPU needs");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>Opens an accelerator for <paramref name="device"/>; DeviceUnavailableException says why one cannot open.</summary>
    public static Accelerator Open(Device device)
    {
        switch (device.Kind)
        {
            case DeviceKind.IlgpuCpu:
                return CpuDevice.CreateCPUAccelerator(Context, CPUAcceleratorMode.Parallel);
            case DeviceKind.Cuda:
                var cuda = CudaDevices;
                if (device.Index >= cuda.Count)
                {
                    throw new DeviceUnavailableException(cuda.Count == 0 ? NoCudaReason() : $"{device} does not exist: ILGPU sees {cuda.Count} CUDA device(s)");
                }

                return OpenChecked(cuda[device.Index]);
            case DeviceKind.OpenCl:
                var cl = OpenClDevices;
                if (device.Index >= cl.Count)
                {
                    throw new DeviceUnavailableException(cl.Count == 0 ? "ILGPU found no OpenCL device" : $"{device} does not exist: ILGPU sees {cl.Count} OpenCL device(s)");
                }

                var refusal = Refusal(cl[device.Index]);
                return refusal is null ? OpenChecked(cl[device.Index]) : throw new DeviceUnavailableException($"ILGPU refuses {cl[device.Index].Name}: {refusal}");
            default:
                throw new ArgumentException($"{device} is not an accelerator: CPU buffers are plain arrays");
        }
    }

    /// <summary>Why ILGPU sees no CUDA device: no driver library, or a driver with no device.</summary>
    public static string NoCudaReason()
        => System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var handle)
            ? FreeAnd(handle, "ILGPU found no CUDA device (the NVIDIA driver is installed but reports none)")
            : "no CUDA device: ILGPU found no NVIDIA driver (libcuda.so.1)";

    private static string FreeAnd(nint handle, string text)
    {
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return text;
    }

    private static Accelerator OpenChecked(ILGPU.Runtime.Device device)
    {
        try
        {
            return device.CreateAccelerator(Context);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or AcceleratorException)
        {
            throw new DeviceUnavailableException($"ILGPU cannot open {device.Name}: {e.Message}", e);
        }
    }
}
