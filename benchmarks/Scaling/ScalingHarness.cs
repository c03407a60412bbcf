using System.Text.Json;
using IlgpuNet.Benchmarks.Compare;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Reporting;

namespace IlgpuNet.Benchmarks.Scaling;

/// <summary>
/// `benchmarks scaling [--out DIR] [--repeat N] [batch] [threads] [upscale]`: how cost grows, ours beside PyTorch's
/// in the same run, as markdown tables and SVG charts in DIR (default runs/scaling): items/s and peak RSS against the
/// batch size for the Table-2 CNN and ResNet18; each seed model's speed-up from one thread to two; FSRCNN ×3
/// megapixels/s on a 512 × 512 image. Every measurement is a fresh process per side (<see cref="SideBySide"/>).
/// </summary>
public static class ScalingHarness
{
    private static readonly int[] Batches = [1, 8, 32, 128, 512];
    private static readonly string[] BatchModels = ["task2", "resnet18"];
    private const int UpscaleSize = 512;

    public static int Run(string[] args)
    {
        var options = CommandOptions.Parse(args, ["--out", "--repeat"]);
        string[] parts = options.Positional.Count > 0 ? [.. options.Positional] : ["batch", "threads", "upscale"];
        foreach (var part in parts.Where(p => p is not ("batch" or "threads" or "upscale")))
        {
            throw new ArgumentException($"unknown part '{part}'; known: batch, threads, upscale");
        }

        string folder = Path.GetFullPath(options.Text("--out") ?? Path.Combine("runs", "scaling"));
        Directory.CreateDirectory(folder);
        int repeat = options.Int("--repeat") ?? 1;
        int threads = CpuParallel.Workers;
        var sides = SideBySide.Start(threads);
        Console.WriteLine($"How cost grows, CPU: {CpuInfo.Name}, {threads} thread(s) unless stated, best of {repeat} alternating run(s) a side");
        Console.WriteLine(sides.Torch?.Describe() ?? "PyTorch not found: ours only");
        Console.WriteLine(sides.Blas.Describe());
        Console.WriteLine($"Load average at the start: {LoadAverage.Read()}; figures in {folder}");
        if (parts.Contains("batch"))
        {
            BatchSweep(sides, threads, repeat, folder);
        }

        if (parts.Contains("threads"))
        {
            ThreadScaling(sides, repeat, folder);
        }

        if (parts.Contains("upscale"))
        {
            Upscale(sides, threads, repeat, folder);
        }

        Console.WriteLine($"Load average at the end: {LoadAverage.Read()}");
        return 0;
    }

    private static void BatchSweep(SideBySide sides, int threads, int repeat, string folder)
    {
        foreach (var model in BatchModels)
        {
            Console.WriteLine();
            Console.WriteLine($"{model}: training step against the batch size, {threads} thread(s) each side");
            Console.WriteLine();
            Console.WriteLine("| batch | ours items/s | PyTorch items/s | ours / PyTorch | ours peak RSS MiB | ours pool peak MiB | PyTorch peak RSS MiB |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            var results = new List<(StepResult? Ours, StepResult? Theirs)>();
            foreach (int batch in Batches)
            {
                var (ours, theirs) = sides.Measure(model, batch, threads, repeat);
                results.Add((ours, theirs));
                Console.WriteLine($"| {batch} | {Cell(ours?.ItemsPerSecond)} | {Cell(theirs?.ItemsPerSecond)} | {Ratio(ours, theirs)} | "
                    + $"{Cell(ours?.PeakRssMib, 0)} | {Cell(ours?.PoolPeakMib, 0)} | {Cell(theirs?.PeakRssMib, 0)} |");
            }

            string[] categories = [.. Batches.Select(b => b.ToString())];
            new BarChart(categories) { Title = $"{model}: training throughput against batch size", XLabel = "batch", YLabel = "items/s", ShowValues = true }
                .Add("ours", [.. results.Select(r => r.Ours?.ItemsPerSecond ?? double.NaN)])
                .Add("PyTorch", [.. results.Select(r => r.Theirs?.ItemsPerSecond ?? double.NaN)])
                .Save(Path.Combine(folder, $"{model}-batch-throughput.svg"));
            new BarChart(categories) { Title = $"{model}: peak memory against batch size", XLabel = "batch", YLabel = "MiB", ShowValues = true }
                .Add("ours, peak RSS", [.. results.Select(r => r.Ours?.PeakRssMib ?? double.NaN)])
                .Add("ours, pool high-water mark", [.. results.Select(r => r.Ours?.PoolPeakMib ?? double.NaN)])
                .Add("PyTorch, peak RSS", [.. results.Select(r => r.Theirs?.PeakRssMib ?? double.NaN)])
                .Save(Path.Combine(folder, $"{model}-batch-memory.svg"));
        }
    }

    private static void ThreadScaling(SideBySide sides, int repeat, string folder)
    {
        Console.WriteLine();
        Console.WriteLine("Training step with 1 and 2 threads each side, the reference batch");
        Console.WriteLine();
        Console.WriteLine("| model | ours 1 thread items/s | ours 2 threads | ours speed-up | PyTorch 1 thread | PyTorch 2 threads | PyTorch speed-up |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var speedups = new List<(double Ours, double Theirs)>();
        foreach (var model in SeedModels.Names)
        {
            var one = sides.Measure(model, null, 1, repeat);
            var two = sides.Measure(model, null, 2, repeat);
            double ours = Speedup(one.Ours, two.Ours), theirs = Speedup(one.Theirs, two.Theirs);
            speedups.Add((ours, theirs));
            Console.WriteLine($"| {model} | {Cell(one.Ours?.ItemsPerSecond)} | {Cell(two.Ours?.ItemsPerSecond)} | {ours:F2} | "
                + $"{Cell(one.Theirs?.ItemsPerSecond)} | {Cell(two.Theirs?.ItemsPerSecond)} | {theirs:F2} |");
        }

        new BarChart([.. SeedModels.Names]) { Title = "Speed-up from 1 to 2 threads (2 = perfect)", XLabel = "model", YLabel = "items/s with 2 threads / with 1", ShowValues = true }
            .Add("ours", [.. speedups.Select(s => s.Ours)])
            .Add("PyTorch", [.. speedups.Select(s => s.Theirs)])
            .Save(Path.Combine(folder, "thread-speedup.svg"));
    }

    private static void Upscale(SideBySide sides, int threads, int repeat, string folder)
    {
        JsonElement? ours = null, theirs = null;
        for (int i = 0; i < repeat; i++)
        {
            ours = Best(ours, sides.RunJson(ChildProcess.Self(["upscale-step", UpscaleSize.ToString()], capture: true), threads, torch: false),
                "network_megapixels_per_s");
            theirs = Best(theirs, sides.RunTorchJson(["--upscale", UpscaleSize.ToString(), threads.ToString()], threads), "megapixels_per_s");
        }

        double network = Number(ours, "network_megapixels_per_s"), pipeline = Number(ours, "pipeline_megapixels_per_s");
        double torch = Number(theirs, "megapixels_per_s");
        Console.WriteLine();
        Console.WriteLine($"FSRCNN ×3 inference on a {UpscaleSize} × {UpscaleSize} image ({UpscaleSize * 3} × {UpscaleSize * 3} out), {threads} thread(s), output megapixels/s");
        Console.WriteLine();
        Console.WriteLine("| | megapixels/s | ms per image |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| ours, network on the luma plane | {network:F2} | {Number(ours, "network_ms_per_image"):F1} |");
        Console.WriteLine($"| PyTorch, network on the luma plane | {torch:F2} | {Number(theirs, "ms_per_image"):F1} |");
        Console.WriteLine($"| ours, whole `sr upscale` (PNG in, colour, PNG out) | {pipeline:F2} | {Number(ours, "pipeline_ms_per_image"):F1} |");
        new BarChart(["network (luma plane)", "whole sr upscale"]) { Title = $"FSRCNN x3 on a {UpscaleSize}x{UpscaleSize} image", YLabel = "output megapixels/s", ShowValues = true }
            .Add("ours", [network, pipeline])
            .Add("PyTorch", [torch, double.NaN])
            .Save(Path.Combine(folder, "upscale-throughput.svg"));
    }

    private static JsonElement? Best(JsonElement? best, JsonElement? next, string key)
        => best is null || (next is not null && Number(next, key) > Number(best, key)) ? next : best;

    private static double Number(JsonElement? json, string key) => json?.GetProperty(key).GetDouble() ?? double.NaN;

    private static double Speedup(StepResult? one, StepResult? two) => one is null || two is null ? double.NaN : two.ItemsPerSecond / one.ItemsPerSecond;

    private static string Ratio(StepResult? ours, StepResult? theirs) => ours is null || theirs is null ? "–" : $"{ours.ItemsPerSecond / theirs.ItemsPerSecond:F2}";

    private static string Cell(double? value, int decimals = 1) => value is null ? "–" : value.Value.ToString("F" + decimals);
}
