using System.Diagnostics;
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

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int steps = 0;
        for (; steps < seed.TimedSteps || clock.Elapsed < MinTimedTime; steps++)
        {
            step();
        }

        double seconds = clock.Elapsed.TotalSeconds / steps;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / steps;
        return new Result(seed.Name, seed.Items / seconds, seconds * 1000, cpuMs, ProcessMemory.PeakRssBytes(), HostMemory.PeakReservedBytes);
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
    /// Steps until the JIT has settled: .NET compiles a method quickly first, then with profile-guided optimisation
    /// after ~30 calls, and a kernel called once per layer gets there only after tens of steps (task2's first steps
    /// take 3-4× the steady state). At least <see cref="MinWarmUpSteps"/> steps and <see cref="WarmUpTime"/>, at most
    /// <see cref="MaxWarmUpSteps"/>; a training run spends all but its first seconds in the steady state measured after.
    /// </summary>
    private static void WarmUp(Action step)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < MaxWarmUpSteps && (i < MinWarmUpSteps || clock.Elapsed < WarmUpTime); i++)
        {
            step();
        }
    }

    /// <summary>
    /// The timed steps: the reference's count, and more until this much time has passed (as torch_seed_models.py
    /// does), so that one garbage collection or one noisy second weighs less in the mean.
    /// </summary>
    private static readonly TimeSpan MinTimedTime = TimeSpan.FromSeconds(3);

    private const int MinWarmUpSteps = 2;
    private const int MaxWarmUpSteps = 40;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(5);
}
