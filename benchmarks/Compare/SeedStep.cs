using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// Times one seed model's training step (zero_grad, forward, loss, backward, optimizer step) on this engine, the way
/// torch_seed_models.py times PyTorch's: warm-up steps, then the mean over the timed steps.
/// </summary>
public static class SeedStep
{
    /// <summary>
    /// Throughput; the process's CPU time per step (on a loaded machine, with one thread, a steadier measure of the
    /// work than the wall clock); memory: the process's peak RSS and the host tensor pool's high-water mark.
    /// </summary>
    public sealed record Result(string Model, double ItemsPerSecond, double MillisecondsPerStep, double CpuMillisecondsPerStep,
        long PeakRssBytes, long PoolPeakBytes);

    public static Result Measure(SeedModel seed)
    {
        var step = seed.CreateStep();
        WarmUp(step);
        var timed = Time(step, seed.TimedSteps, MinTimedTime);
        return new Result(seed.Name, seed.Items / timed.Seconds, timed.Seconds * 1000, timed.CpuMilliseconds, ProcessMemory.PeakRssBytes(),
            HostMemory.PeakReservedBytes);
    }

    /// <summary>
    /// The turn-taking child of <see cref="SideBySide"/>: warms up, says "ready", then times one round of steps
    /// (at least one step and <see cref="RoundTime"/>) for each "round" line it reads, as a JSON line; at "end" (or the
    /// end of input) the memory, as a last JSON line. torch_seed_models.py --turns speaks the same.
    /// </summary>
    public static void TakeTurns(SeedModel seed, TextReader commands, TextWriter replies)
    {
        var step = seed.CreateStep();
        WarmUp(step);
        replies.WriteLine("ready");
        replies.Flush();
        while (commands.ReadLine() == "round")
        {
            var timed = Time(step, 1, RoundTime);
            replies.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["items_per_s"] = seed.Items / timed.Seconds,
                ["ms_per_step"] = timed.Seconds * 1000,
                ["cpu_ms_per_step"] = timed.CpuMilliseconds,
                ["steps"] = timed.Steps,
            }));
            replies.Flush();
        }

        replies.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["peak_rss_bytes"] = ProcessMemory.PeakRssBytes(),
            ["pool_peak_bytes"] = HostMemory.PeakReservedBytes,
        }));
        replies.Flush();
    }

    /// <summary>At least <paramref name="minSteps"/> steps and <paramref name="minTime"/>: seconds and CPU milliseconds per step.</summary>
    private static (int Steps, double Seconds, double CpuMilliseconds) Time(Action step, int minSteps, TimeSpan minTime)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int steps = 0;
        for (; steps < minSteps || clock.Elapsed < minTime; steps++)
        {
            step();
        }

        double seconds = clock.Elapsed.TotalSeconds / steps;
        return (steps, seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / steps);
    }

    /// <summary>Per-op breakdown of <paramref name="steps"/> steps (after the warm-up), as a table.</summary>
    public static string Profile(SeedModel seed, int steps)
    {
        var step = seed.CreateStep();
        WarmUp(step);
        var clock = Stopwatch.StartNew();
        using var recording = Profiler.Record();
        for (int i = 0; i < steps; i++)
        {
            step();
        }

        double wall = clock.Elapsed.TotalMilliseconds / steps;
        return recording.Format(steps) + $"wall clock {wall:F2} ms/step ({wall - recording.Total.TotalMilliseconds / steps:F2} ms outside the timed regions)\n";
    }

    /// <summary>
    /// `benchmarks warm-up MODEL [steps]`: the first <paramref name="steps"/> steps of a fresh model one by one, each with
    /// the methods the JIT has compiled so far (a method counts again at each promotion) and the garbage collections
    /// of each generation: how long the step takes to settle, and why.
    /// </summary>
    public static void TraceWarmUp(SeedModel seed, int steps, TextWriter output)
    {
        var step = seed.CreateStep();
        output.WriteLine("| step | ms | methods compiled | collections gen0 / gen1 / gen2 |");
        output.WriteLine("|---:|---:|---:|---|");
        for (int i = 1; i <= steps; i++)
        {
            var clock = Stopwatch.StartNew();
            step();
            output.WriteLine($"| {i} | {clock.Elapsed.TotalMilliseconds:F1} | {System.Runtime.JitInfo.GetCompiledMethodCount()} | "
                + $"{GC.CollectionCount(0)} / {GC.CollectionCount(1)} / {GC.CollectionCount(2)} |");
        }
    }

    /// <summary>
    /// Steps until the JIT has settled. .NET compiles a method quickly first and promotes it twice (instrumented, then
    /// optimised with its profile), each time after some 30 calls, so a kernel called once per step runs at full speed
    /// only after ~60 steps: `benchmarks warm-up yolo 120` shows the JIT compiling batches of 277 and 174 methods at
    /// the detector's steps 31 and 61 and next to nothing after (docs/benchmarks.md). So: <see cref="WarmUpSteps"/>
    /// steps, or as many as <see cref="MaxWarmUpTime"/> allows for a slow step (whose kernels are called many times a
    /// step), at least <see cref="MinWarmUpSteps"/>. torch_seed_models.py warms PyTorch up by the same rule. A training
    /// run spends all but its first seconds in the steady state measured after.
    /// </summary>
    private static void WarmUp(Action step)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < MinWarmUpSteps || (i < WarmUpSteps && clock.Elapsed < MaxWarmUpTime); i++)
        {
            step();
        }
    }

    /// <summary>
    /// The timed steps: the reference's count, and more until this much time has passed (as torch_seed_models.py
    /// does), so that one garbage collection or one noisy second weighs less in the mean.
    /// </summary>
    private static readonly TimeSpan MinTimedTime = TimeSpan.FromSeconds(3);

    /// <summary>One turn of the side-by-side rounds: short, so that a slow spell of the shared host spans turns of both sides.</summary>
    private static readonly TimeSpan RoundTime = TimeSpan.FromSeconds(1);

    private const int MinWarmUpSteps = 2;
    private const int WarmUpSteps = 64;
    private static readonly TimeSpan MaxWarmUpTime = TimeSpan.FromSeconds(30);
}
