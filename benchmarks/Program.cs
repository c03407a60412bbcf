using IlgpuNet.Benchmarks.Blas;
using IlgpuNet.Benchmarks.Ceilings;
using IlgpuNet.Benchmarks.Compare;
using IlgpuNet.Benchmarks.Conv;
using IlgpuNet.Benchmarks.Gemm;
using IlgpuNet.Benchmarks.Handoff;
using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks;

/// <summary>
/// benchmarks &lt;command&gt; [args]: `gemm` = our GEMM beside OpenBLAS; `kernels` = BenchmarkDotNet over every suite here.
/// A new command is one line in <see cref="Commands"/>.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Commands = new()
    {
        ["gemm"] = ("our Sgemm/Dgemm vs OpenBLAS, GFLOP/s table [optional shape filter]", GemmHarness.Run),
        ["openblas-core"] = ("the core OpenBLAS picks in this process (used by gemm and compare)", OpenBlasEnvironment.PrintCore),
        ["ceilings"] = ("this machine's float32 FMA peak and memory copy bandwidth", MachineCeilings.Run),
        ["conv"] = ("conv2d forward/dx/dw at the seed models' shapes, ms and GFLOP/s [optional name filter]", ConvHarness.Run),
        ["compare"] = ("seed models' training steps here and in PyTorch CPU, side by side: [--batch N] [--repeat N] [--torch-flush-denormal] [model names]", CompareHarness.Run),
        ["seed-step"] = ("one seed model's training step as a JSON line, or the rounds compare asks for: seed-step MODEL [BATCH] [--turns]", CompareHarness.RunSeedStep),
        ["profile"] = ("per-op time of a seed model's training step: profile MODEL [steps]",
            args => { var o = CommandOptions.Parse(args, []); Console.Write(SeedStep.Profile(CompareRows.Find(o.RequiredAt(0, "MODEL")), o.PositiveAt(1, "steps", 3))); return 0; }
        ),
        ["warm-up"] = ("a seed model's first steps one by one, with the methods the JIT has compiled and the collections so far: warm-up MODEL [steps]",
            args => { var o = CommandOptions.Parse(args, []); SeedStep.TraceWarmUp(CompareRows.Find(o.RequiredAt(0, "MODEL")), o.PositiveAt(1, "steps", 64), Console.Out); return 0; }
        ),
        ["torch-profile"] = ("PyTorch's side of profile, torch.profiler per op: torch-profile MODEL [steps]", CompareHarness.RunTorchProfile),
        ["scaling"] = ("how cost grows, ours beside PyTorch: [--out DIR] [--repeat N] [batch] [threads] [upscale]", Scaling.ScalingHarness.Run),
        ["upscale-step"] = ("FSRCNN x3 inference on a SIZE x SIZE image, network and whole sr upscale, as a JSON line: upscale-step [SIZE]", Scaling.UpscaleStep.Run),
        ["handoff"] = ("two-chunk parallel loops: how often both chunks ran on one thread, Parallel.For vs CpuParallel.For", HandoffHarness.Run),
        ["pth-load"] = ("read a torch.save'd state dict with PthReader, best of N: pth-load FILE [repeats]", PthLoadHarness.Run),
        ["kernels"] = ("BenchmarkDotNet suites on every backend present, then the ceilings (e.g. --filter '*ConvBenchmarks*')", KernelSuites.Run),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("usage: benchmarks <command> [args]");
            foreach (var (name, (help, _)) in Commands)
            {
                Console.Error.WriteLine($"  {name,-10} {help}");
            }

            return 2;
        }

        if (args[0] != "kernels" && args.Skip(1).Any(a => a is "--help" or "-h")) // kernels passes it on to BenchmarkDotNet
        {
            Console.WriteLine($"benchmarks {args[0]}: {command.Help}");
            return 0;
        }

        if (EngineEnvironment.Problem() is { } problem)
        {
            Console.Error.WriteLine($"benchmarks {args[0]}: {problem}");
            return 2;
        }

        try
        {
            return command.Run(args[1..]);
        }
        catch (Exception error) when (error is ArgumentException or BenchmarkSetupException)
        {
            Console.Error.WriteLine($"benchmarks {args[0]}: {error.Message}");
            return 2;
        }
    }
}
