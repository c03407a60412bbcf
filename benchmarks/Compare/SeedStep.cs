using System.Diagnostics;
using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// Times one seed model's training step (zero_grad, forward, loss, backward, SGD step) on this engine, the way
/// torch_seed_models.py times PyTorch's: two warm-up steps, then the mean over the timed steps.
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
        Tensor.ManualSeed(0);
        var model = seed.Build();
        var input = Tensor.Randn(seed.InputShape);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-3, momentum: 0.9);
        model.Train();
        WarmUp(model, optimizer, seed, input);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int steps = 0;
        for (; steps < seed.TimedSteps || clock.Elapsed < MinTimedTime; steps++)
        {
            Step(model, optimizer, seed, input);
        }

        double seconds = clock.Elapsed.TotalSeconds / steps;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / steps;
        return new Result(seed.Name, seed.Items / seconds, seconds * 1000, cpuMs, ProcessMemory.PeakRssBytes(), HostMemory.PeakReservedBytes);
    }

    /// <summary>Per-op breakdown of <paramref name="steps"/> steps (after one warm-up), as a table.</summary>
    public static string Profile(SeedModel seed, int steps)
    {
        Tensor.ManualSeed(0);
        var model = seed.Build();
        var input = Tensor.Randn(seed.InputShape);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-3, momentum: 0.9);
        WarmUp(model, optimizer, seed, input);
        var clock = Stopwatch.StartNew();
        using var recording = Profiler.Record();
        for (int i = 0; i < steps; i++)
        {
            Step(model, optimizer, seed, input);
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
    private static void WarmUp(Module model, Optimizer optimizer, SeedModel seed, Tensor input)
    {
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < MaxWarmUpSteps && (step < MinWarmUpSteps || clock.Elapsed < WarmUpTime); step++)
        {
            Step(model, optimizer, seed, input);
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

    private static void Step(Module model, Optimizer optimizer, SeedModel seed, Tensor input)
    {
        optimizer.ZeroGrad();
        using var output = model.Call(input);
        Tensor loss;
        using (Profiler.Measure("forward", "loss"))
        {
            loss = seed.Loss(output);
        }

        using (loss)
        {
            loss.Backward();
        }

        using (Profiler.Measure("optimizer", optimizer.GetType().Name))
        {
            optimizer.Step();
        }
    }
}
