using System.CommandLine;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet devices</c>: the CPU's vector features and worker count, and the GPUs found.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List the CPU features and the CUDA/OpenCL devices found.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"cpu      {Environment.ProcessorCount} cores, {CpuParallel.Workers} workers (ILGPUNET_THREADS), " +
                $"AVX-512F {(Avx512F.IsSupported ? "yes" : "no")}, AVX2 {(Avx2.IsSupported ? "yes" : "no")}, FMA {(Fma.IsSupported ? "yes" : "no")}, " +
                $"Vector512 accelerated {(Vector512.IsHardwareAccelerated ? "yes" : "no")}");
            foreach (var line in GpuListing())
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    /// <summary>One line per GPU; replaced by the device drivers' own listing when they are present.</summary>
    internal static Func<IEnumerable<string>> GpuListing { get; set; } = () => ["gpu      no device backend in this build"];
}
