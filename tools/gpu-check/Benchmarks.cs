using System.Diagnostics;
using IlgpuNet.Autograd;
using IlgpuNet.DeviceParity;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.GpuCheck;

/// <summary>One timed workload on the device and on the CPU: seconds per run, a throughput and the device memory peak.</summary>
public sealed record BenchmarkResult(string Name, double DeviceSeconds, double CpuSeconds, double Work, string Unit, long DevicePeakBytes)
{
    public double DeviceRate => Work / DeviceSeconds;

    public double CpuRate => Work / CpuSeconds;
}

/// <summary>
/// Device benchmarks through the Tensor API: GEMM, a convolution layer forward and backward, elementwise and reduction
/// bandwidth, softmax cross-entropy, and whole training steps (a small CNN, ResNet-18), each also timed on the CPU.
/// A run repeats the workload (doubling the count) until it lasts <see cref="MinimumSeconds"/>, after one warm-up
/// that compiles the kernels; the device is synchronized before the clock stops.
/// </summary>
public static class Benchmarks
{
    private const double MinimumSeconds = 0.5;
    private const int MaximumRepeats = 1 << 12;

    public static IReadOnlyList<BenchmarkResult> Run(Device device, bool full)
    {
        Console.WriteLine($"benchmarks ({(full ? "full" : "small")} sizes): device vs cpu");
        var results = new List<BenchmarkResult>();
        foreach (var (name, work, unit, make) in Workloads(full))
        {
            var onDevice = Time(device, make(device), out long peak);
            var onCpu = Time(Device.Cpu, make(Device.Cpu), out _);
            var result = new BenchmarkResult(name, onDevice, onCpu, work, unit, peak);
            Console.WriteLine($"  {name,-44} {Format(result.DeviceRate, unit),14} ({result.DeviceSeconds * 1e3,9:F2} ms)   cpu {Format(result.CpuRate, unit),12} ({result.CpuSeconds * 1e3,9:F2} ms)   peak {peak / 1048576.0:F1} MiB");
            results.Add(result);
        }

        return results;
    }

    // (name, work per run, unit of work, a factory that prepares the inputs on a device and returns one run)
    private static IEnumerable<(string, double, string, Func<Device, Action>)> Workloads(bool full)
    {
        foreach (int n in full ? new[] { 1024, 2048, 4096 } : [256, 512])
        {
            yield return ($"sgemm {n}x{n}x{n}", 2.0 * n * n * n, "FLOP", d =>
            {
                var (a, b) = (Random(d, n, n), Random(d, n, n));
                return () => a.Matmul(b);
            }
            );
        }

        var (batch, channels, size) = full ? (32, 128, 28) : (4, 32, 28);
        double convFlops = 3 * 2.0 * batch * channels * channels * 9 * size * size;  // forward, backward input, backward weight
        yield return ($"conv2d 3x3 fwd+bwd N{batch} C{channels} {size}x{size}", convFlops, "FLOP", d =>
        {
            var x = Leaf(Random(d, batch, channels, size, size));
            var w = Leaf(Random(d, channels, channels, 3, 3));
            return () =>
            {
                x.Grad = null;
                w.Grad = null;
                Functional.Conv2d(x, w, null, padding: 1).Sum().Backward();
            };
        }
        );

        int elements = full ? 64 << 20 : 4 << 20;
        yield return ($"elementwise add {elements >> 20}M floats", 3.0 * 4 * elements, "B", d =>
        {
            var (a, b) = (Random(d, elements), Random(d, elements));
            return () => a.Add(b);
        }
        );
        yield return ($"sum {elements >> 20}M floats", 4.0 * elements, "B", d =>
        {
            var a = Random(d, elements);
            return () => a.Sum();
        }
        );

        int rows = full ? 4096 : 256;
        yield return ($"cross_entropy fwd+bwd {rows}x1000", 3.0 * 4 * rows * 1000, "B", d =>
        {
            var logits = Leaf(Random(d, rows, 1000));
            var labels = Tensor.Randint(0, 1000, [rows], new Generator(9)).To(d);
            return () =>
            {
                logits.Grad = null;
                Functional.CrossEntropy(logits, labels).Backward();
            };
        }
        );

        yield return ($"train step small CNN (batch {TrainingRun.BatchSize}, 16x16)", TrainingRun.BatchSize, "img", d =>
        {
            Tensor.ManualSeed(0);
            var model = TrainingRun.BuildModel();
            model.To(d);
            var optimizer = new Adam(model.Parameters());
            var (images, labels) = TrainingRun.Batch(new Generator(1), d);
            return () => TrainingRun.Step(model, optimizer, images, labels);
        }
        );

        var (resnetBatch, resolution, classes) = full ? (32, 224, 1000) : (2, 64, 10);
        yield return ($"train step ResNet-18 (batch {resnetBatch}, {resolution}x{resolution})", resnetBatch, "img", d =>
        {
            Tensor.ManualSeed(0);
            var model = ResNet.ResNet18(classes, smallInput: !full);
            model.To(d);
            var optimizer = new Sgd(model.Parameters(), lr: 0.01, momentum: 0.9);
            var images = Random(d, resnetBatch, 3, resolution, resolution);
            var labels = Tensor.Randint(0, classes, [resnetBatch], new Generator(8)).To(d);
            model.Train();
            return () =>
            {
                optimizer.ZeroGrad();
                Functional.CrossEntropy(model.Call(images), labels).Backward();
                optimizer.Step();
            };
        }
        );
    }

    private static double Time(Device device, Action run, out long peakBytes)
    {
        run();
        Synchronize(device);
        var allocator = device.IsCpu ? null : DeviceRegistry.Backend(device).Allocator;
        allocator?.ResetPeak();
        for (int repeats = 1; ; repeats *= 2)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repeats; i++)
            {
                run();
            }

            Synchronize(device);
            double seconds = clock.Elapsed.TotalSeconds;
            if (seconds >= MinimumSeconds || repeats >= MaximumRepeats)
            {
                peakBytes = allocator?.PeakBytes ?? 0;
                return seconds / repeats;
            }
        }
    }

    private static void Synchronize(Device device)
    {
        if (!device.IsCpu)
        {
            DeviceRegistry.Backend(device).Synchronize();
        }
    }

    private static Tensor Random(Device device, params int[] shape) => Tensor.Rand(shape, -1, 1, DType.Float32, new Generator(7)).To(device);

    private static Tensor Leaf(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }

    private static string Format(double rate, string unit) => rate switch
    {
        >= 1e12 => $"{rate / 1e12:F2} T{unit}/s",
        >= 1e9 => $"{rate / 1e9:F2} G{unit}/s",
        >= 1e6 => $"{rate / 1e6:F2} M{unit}/s",
        _ => $"{rate:F1} {unit}/s",
    };
}
