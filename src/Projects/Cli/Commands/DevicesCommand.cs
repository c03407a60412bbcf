using System.CommandLine;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet devices</c>: the CPU's vector features and worker count, and the accelerators ILGPU sees.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List the CPU features and the accelerators ILGPU sees (ilgpu-cpu, CUDA, OpenCL), with why it refuses one.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"cpu       {Environment.ProcessorCount} cores, {CpuParallel.Workers} workers (ILGPUNET_THREADS), " +
                $"AVX-512F {(Avx512F.IsSupported ? "yes" : "no")}, AVX2 {(Avx2.IsSupported ? "yes" : "no")}, FMA {(Fma.IsSupported ? "yes" : "no")}, " +
                $"Vector512 accelerated {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, " +
                $"subnormals flushed to zero {SubnormalFlushing()}");
            foreach (var line in GpuListing())
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    private static string SubnormalFlushing() => !Denormals.Supported ? "no (not supported here)"
        : Denormals.Flush ? "yes" : "no (ILGPUNET_DENORMALS=keep)";

    /// <summary>One line per accelerator ILGPU sees, then what is missing and why.</summary>
    private static IEnumerable<string> GpuListing()
    {
        var devices = DeviceInfo.List(out var problems);
        foreach (var device in devices)
        {
            yield return $"{device.Device,-10}{device.Name}, {device.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {device.Multiprocessors} multiprocessors, " +
                $"warp {device.WarpSize}, groups up to {device.MaxGroupSize} threads" + (device.Refusal is null ? "" : $"; refused by ILGPU: {device.Refusal}");
        }

        foreach (var problem in problems)
        {
            yield return $"          {problem}";
        }
    }
}
