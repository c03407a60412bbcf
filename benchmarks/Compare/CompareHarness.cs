using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// `benchmarks compare [models...]` (make bench-compare): each seed model's training step in this engine and in
/// PyTorch CPU, same machine, same thread count, same batch, one fresh process per model and side so that peak
/// RSS is that model's alone. Prints items/s for both, the ratio, and peak RSS, as a markdown table.
/// </summary>
public static class CompareHarness
{
    private static readonly string[] PythonCandidates = ["/usr/bin/python3", "python3"];

    public static int Run(string[] args)
    {
        var models = args.Length > 0 ? args.Select(SeedModels.Find).ToList() : [.. SeedModels.All];
        int threads = CpuParallel.Workers;
        var python = FindTorchPython();
        Console.WriteLine($"Seed-model training steps (forward, backward, SGD momentum step), {threads} thread(s) each side, CPU: {CpuName()}");
        Console.WriteLine(python is null
            ? "PyTorch not found: install Debian's python3-torch python3-torchvision libopenblas0-pthread to compare; printing ours only."
            : $"PyTorch: {python.Value.Version} ({python.Value.Path})");
        Console.WriteLine();
        Console.WriteLine("| model | ours items/s | PyTorch items/s | ours / PyTorch | ours ms/step | PyTorch ms/step | ours peak RSS MiB | PyTorch peak RSS MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var model in models)
        {
            var ours = RunJson(Environment.ProcessPath!, [.. SelfArguments(), "seed-step", model.Name], threads);
            var theirs = python is null ? null
                : RunJson(python.Value.Path, [Path.Combine(AppContext.BaseDirectory, "Compare", "torch_seed_models.py"), model.Name, threads.ToString()], threads);
            string ratio = ours is null || theirs is null ? "–" : $"{Number(ours, "items_per_s") / Number(theirs, "items_per_s"):F2}";
            Console.WriteLine($"| {model.Name} | {Cell(ours, "items_per_s", 1)} | {Cell(theirs, "items_per_s", 1)} | {ratio} | {Cell(ours, "ms_per_step", 1)} | {Cell(theirs, "ms_per_step", 1)} | {Mib(ours)} | {Mib(theirs)} |");
        }

        return 0;
    }

    /// <summary>
    /// How this program starts itself again: the app host takes the command directly, while `dotnet` (as under
    /// `dotnet run` or `dotnet IlgpuNet.Benchmarks.dll`) needs the assembly first.
    /// </summary>
    private static string[] SelfArguments() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? [typeof(CompareHarness).Assembly.Location] : [];

    /// <summary>`benchmarks seed-step MODEL`: one model's step in this process, as one JSON line (the harness's child).</summary>
    public static int RunSeedStep(string[] args)
    {
        var result = SeedStep.Measure(SeedModels.Find(args[0]));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = result.Model, ["items_per_s"] = result.ItemsPerSecond, ["ms_per_step"] = result.MillisecondsPerStep,
            ["peak_rss_bytes"] = result.PeakRssBytes, ["threads"] = CpuParallel.Workers,
        }));
        return 0;
    }

    private static (string Path, string Version)? FindTorchPython()
    {
        foreach (var candidate in PythonCandidates)
        {
            var output = Capture(candidate, ["-c", "import torch, torchvision; print(torch.__version__)"], 1);
            if (output is { Code: 0 })
            {
                return (candidate, output.Value.Stdout.Trim());
            }
        }

        return null;
    }

    private static JsonElement? RunJson(string program, string[] args, int threads)
    {
        var output = Capture(program, args, threads);
        if (output is not { Code: 0 } run)
        {
            Console.Error.WriteLine($"{program} {string.Join(' ', args)} failed:\n{output?.Stderr}");
            return null;
        }

        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static (int Code, string Stdout, string Stderr)? Capture(string program, string[] args, int threads)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Same thread count both sides: ours reads ILGPUNET_THREADS, PyTorch's BLAS and OpenMP pools these.
        info.Environment["ILGPUNET_THREADS"] = threads.ToString();
        info.Environment["OMP_NUM_THREADS"] = threads.ToString();
        info.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // program not installed
        }
    }

    private static double Number(JsonElement? json, string key) => json!.Value.GetProperty(key).GetDouble();

    private static string Cell(JsonElement? json, string key, int decimals)
        => json is null ? "–" : Number(json, key).ToString("F" + decimals);

    private static string Mib(JsonElement? json) => json is null ? "–" : $"{Number(json, "peak_rss_bytes") / (1 << 20):F0}";

    private static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }
}
