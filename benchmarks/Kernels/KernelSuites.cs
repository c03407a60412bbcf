using BenchmarkDotNet.Running;
using IlgpuNet.Benchmarks.Ceilings;

namespace IlgpuNet.Benchmarks.Kernels;

/// <summary>
/// `benchmarks kernels [BenchmarkDotNet args]`: the BenchmarkDotNet suites of this assembly, then the machine's
/// ceilings measured after them (so they do not share the machine), the context for the GFLOP/s and GB/s columns.
/// Exit code 1 when a case failed.
/// </summary>
public static class KernelSuites
{
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(KernelSuites).Assembly).Run(args).ToList();
        if (summaries.Any(s => s.Reports.Any(r => r.Success)))
        {
            Console.WriteLine();
            Console.WriteLine("Ceilings of this machine, for context:");
            MachineCeilings.Run([]);
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
