using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Benchmarks.Blas;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// `benchmarks compare [models...]` (make bench-compare): each seed model's training step in this engine and in
/// PyTorch CPU, same machine, same thread count, same batch, one fresh process per model and side so that peak
/// RSS is that model's alone. Prints items/s for both, the ratio, and peak RSS, as a markdown table, under what
/// PyTorch runs on here (its BLAS core, oneDNN, ATen's vector width).
/// </summary>
public static class CompareHarness
{
    private static readonly string[] PythonCandidates = ["/usr/bin/python3", "python3"];

    public static int Run(string[] args)
    {
        var models = args.Length > 0 ? args.Select(SeedModels.Find).ToList() : [.. SeedModels.All];
        int threads = CpuParallel.Workers;
        var blas = OpenBlasEnvironment.Decide();
        var torch = TorchProbe.Run(PythonCandidates, info => Prepare(info, threads, blas));
        Console.WriteLine($"Seed-model training steps (forward, backward, SGD momentum step), {threads} thread(s) each side, CPU: {CpuInfo.Name}");
        Console.WriteLine(torch is null
            ? "PyTorch not found: install Debian's python3-torch python3-torchvision libopenblas0-pthread to compare; printing ours only."
            : torch.Describe());
        Console.WriteLine(blas.Describe());
        Console.WriteLine();
        Console.WriteLine("| model | ours items/s | PyTorch items/s | ours / PyTorch | ours ms/step | PyTorch ms/step | ours peak RSS MiB | ours pool peak MiB | PyTorch peak RSS MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var model in models)
        {
            var ours = RunJson(ChildProcess.Self(["seed-step", model.Name], capture: true), threads, null);
            var theirs = torch is null ? null
                : RunJson(ChildProcess.Start(torch.Python, [TorchProbe.Script, model.Name, threads.ToString()], capture: true), threads, blas);
            string ratio = ours is null || theirs is null ? "–" : $"{Number(ours, "items_per_s") / Number(theirs, "items_per_s"):F2}";
            Console.WriteLine($"| {model.Name} | {Cell(ours, "items_per_s", 1)} | {Cell(theirs, "items_per_s", 1)} | {ratio} | {Cell(ours, "ms_per_step", 1)} | {Cell(theirs, "ms_per_step", 1)} | {Mib(ours, "peak_rss_bytes")} | {Mib(ours, "pool_peak_bytes")} | {Mib(theirs, "peak_rss_bytes")} |");
        }

        return 0;
    }

    /// <summary>
    /// `benchmarks torch-profile MODEL [steps]`: torch.profiler's per-op table of PyTorch's step (torch_seed_models.py
    /// --profile), in the environment the comparison gives PyTorch; the counterpart of `benchmarks profile`.
    /// </summary>
    public static int RunTorchProfile(string[] args)
    {
        var model = SeedModels.Find(args[0]);
        int threads = CpuParallel.Workers;
        var blas = OpenBlasEnvironment.Decide();
        Console.WriteLine(blas.Describe());
        foreach (var python in PythonCandidates)
        {
            var info = ChildProcess.Start(python, [TorchProbe.Script, model.Name, threads.ToString(), "--profile", args.Length > 1 ? args[1] : "10"], capture: false);
            Prepare(info, threads, blas);
            try
            {
                return ChildProcess.Run(info);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed: try the next
            }
        }

        Console.Error.WriteLine("PyTorch not found: install Debian's python3-torch python3-torchvision libopenblas0-pthread");
        return 1;
    }

    /// <summary>`benchmarks seed-step MODEL`: one model's step in this process, as one JSON line (the harness's child).</summary>
    public static int RunSeedStep(string[] args)
    {
        var result = SeedStep.Measure(SeedModels.Find(args[0]));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = result.Model,
            ["items_per_s"] = result.ItemsPerSecond,
            ["ms_per_step"] = result.MillisecondsPerStep,
            ["peak_rss_bytes"] = result.PeakRssBytes,
            ["pool_peak_bytes"] = result.PoolPeakBytes,
            ["threads"] = CpuParallel.Workers,
        }));
        return 0;
    }

    private static JsonElement? RunJson(ProcessStartInfo info, int threads, OpenBlasEnvironment? blas)
    {
        Prepare(info, threads, blas);
        var output = ChildProcess.Capture(info);
        if (output is not { Code: 0 } run)
        {
            Console.Error.WriteLine($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed:\n{output?.Stderr}");
            return null;
        }

        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>
    /// Same thread count both sides (ours reads ILGPUNET_THREADS; PyTorch's OpenMP and BLAS pools the others); the
    /// PyTorch side, which loads OpenBLAS, gets the environment <see cref="OpenBlasEnvironment"/> decides.
    /// </summary>
    private static void Prepare(ProcessStartInfo info, int threads, OpenBlasEnvironment? blas)
    {
        info.Environment["ILGPUNET_THREADS"] = threads.ToString();
        info.Environment["OMP_NUM_THREADS"] = threads.ToString();
        info.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        blas?.ApplyTo(info);
    }

    private static double Number(JsonElement? json, string key) => json!.Value.GetProperty(key).GetDouble();

    private static string Cell(JsonElement? json, string key, int decimals)
        => json is null ? "–" : Number(json, key).ToString("F" + decimals);

    private static string Mib(JsonElement? json, string key) => json is null ? "–" : $"{Number(json, key) / (1 << 20):F0}";
}
