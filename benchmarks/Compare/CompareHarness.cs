using System.Text.Json;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// `benchmarks compare [--batch N] [--repeat N] [--torch-flush-denormal] [models...]` (make bench-compare): each seed model's training step in
/// this engine and in PyTorch CPU, same machine, same thread count, same batch, one fresh process per model and side.
/// Prints items/s for both, the ratio, peak RSS and our pool's high-water mark, as a markdown table, under what
/// PyTorch runs on here (its BLAS core, oneDNN, ATen's vector width). The sides take turns (<see cref="SideBySide"/>);
/// with --repeat each keeps its best run. --torch-flush-denormal runs PyTorch with subnormals flushed to zero, as our
/// CPU kernels run by default (PyTorch's own default keeps them).
/// </summary>
public static class CompareHarness
{
    public static int Run(string[] args)
    {
        var options = CommandOptions.Parse(args, ["--batch", "--repeat"], ["--torch-flush-denormal"]);
        var models = options.Positional.Count > 0 ? options.Positional.Select(n => CompareRows.Find(n).Name).ToList() : [.. CompareRows.Names];
        int? batch = options.Int("--batch");
        int repeat = options.Int("--repeat") ?? 1;
        int threads = CpuParallel.Workers;
        var sides = SideBySide.Start(threads, options.Flag("--torch-flush-denormal"));
        Console.WriteLine($"Seed-model training steps (forward, backward, optimizer step: SGD momentum, Adam for nerf-full and nerf-fast), {threads} thread(s) each side, CPU: {CpuInfo.Name}"
            + (batch is null ? "" : $", batch {batch}") + (repeat > 1 ? $", best of {repeat} runs a side" : "")
            + (sides.TorchFlushesDenormals ? ", PyTorch with subnormals flushed to zero as ours (--torch-flush-denormal)" : ""));
        Console.WriteLine(sides.Torch is null
            ? "PyTorch not found: install Debian's python3-torch python3-torchvision libopenblas0-pthread to compare; printing ours only."
            : sides.Torch.Describe());
        Console.WriteLine(sides.Blas.Describe());
        Console.WriteLine($"Load average at the start: {LoadAverage.Read()}");
        Console.WriteLine();
        Console.WriteLine("| model | ours items/s | PyTorch items/s | ours / PyTorch | ours ms/step | PyTorch ms/step | CPU ms/step ours / PyTorch | ours peak RSS MiB | ours pool peak MiB | PyTorch peak RSS MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var model in models)
        {
            var (ours, theirs) = sides.Measure(model, batch, threads, repeat);
            string ratio = ours is null || theirs is null ? "–" : $"{ours.ItemsPerSecond / theirs.ItemsPerSecond:F2}";
            Console.WriteLine($"| {model} | {Cell(ours?.ItemsPerSecond)} | {Cell(theirs?.ItemsPerSecond)} | {ratio} | {Cell(ours?.MillisecondsPerStep)} | "
                + $"{Cell(theirs?.MillisecondsPerStep)} | {Cell(ours?.CpuMillisecondsPerStep, 0)} / {Cell(theirs?.CpuMillisecondsPerStep, 0)} | "
                + $"{Cell(ours?.PeakRssMib, 0)} | {Cell(ours?.PoolPeakMib, 0)} | {Cell(theirs?.PeakRssMib, 0)} |");
        }

        Console.WriteLine($"Load average at the end: {LoadAverage.Read()}");
        return 0;
    }

    /// <summary>
    /// `benchmarks torch-profile MODEL [steps]`: torch.profiler's per-op table of PyTorch's step (torch_seed_models.py
    /// --profile), in the environment the comparison gives PyTorch; the counterpart of `benchmarks profile`.
    /// </summary>
    public static int RunTorchProfile(string[] args)
    {
        var model = CompareRows.Find(args[0]);
        int threads = CpuParallel.Workers;
        var sides = SideBySide.Start(threads);
        Console.WriteLine(sides.Blas.Describe());
        return sides.RunTorchScript([model.Name, threads.ToString(), "--profile", args.Length > 1 ? args[1] : "10"], threads);
    }

    /// <summary>
    /// `benchmarks seed-step MODEL [BATCH] [--turns]`: one model's step in this process, as one JSON line; with --turns,
    /// the rounds <see cref="SideBySide"/> asks for on standard input (<see cref="SeedStep.TakeTurns"/>).
    /// </summary>
    public static int RunSeedStep(string[] args)
    {
        var options = CommandOptions.Parse(args, [], ["--turns"]);
        var seed = CompareRows.Find(options.RequiredAt(0, "MODEL"), options.Positional.Count > 1 ? options.PositiveAt(1, "BATCH", 0) : null);
        if (options.Flag("--turns"))
        {
            SeedStep.TakeTurns(seed, Console.In, Console.Out);
            return 0;
        }

        var result = SeedStep.Measure(seed);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = result.Model,
            ["items_per_s"] = result.ItemsPerSecond,
            ["ms_per_step"] = result.MillisecondsPerStep,
            ["cpu_ms_per_step"] = result.CpuMillisecondsPerStep,
            ["peak_rss_bytes"] = result.PeakRssBytes,
            ["pool_peak_bytes"] = result.PoolPeakBytes,
            ["threads"] = CpuParallel.Workers,
        }));
        return 0;
    }

    private static string Cell(double? value, int decimals = 1) => value is null ? "–" : value.Value.ToString("F" + decimals);
}
