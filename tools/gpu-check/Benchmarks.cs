using System.Diagnostics;
using IlgpuNet.Autograd;
using IlgpuNet.Benchmarks.Compare;
using IlgpuNet.DeviceParity;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.GpuCheck;

/// <summary>
/// One timed workload on the device, and on the CPU or in PyTorch on the same card where that comparison is made
/// (NaN where not): seconds per run, throughputs and the device memory peak.
/// </summary>
public sealed record BenchmarkResult(string Name, double DeviceSeconds, double CpuSeconds, double TorchSeconds, double Work, string Unit,
    long DevicePeakBytes)
{
    public double DeviceRate => Work / DeviceSeconds;

    public double CpuRate => Work / CpuSeconds;

    public double TorchRate => Work / TorchSeconds;
}

/// <summary>
/// Device benchmarks through the Tensor API: GEMM (against torch.matmul on the same card), convolution, transposed
/// convolution, batch norm and volume rendering forward and backward, elementwise and reduction bandwidth, softmax
/// cross-entropy and small training steps, each also timed on the CPU; with full sizes, the training step of every
/// seed model (benchmarks/Compare) against PyTorch + cuDNN on the same card. A run repeats the workload (doubling the
/// count) until it lasts <see cref="MinimumSeconds"/>, after one warm-up that compiles the kernels; the device is
/// synchronized before the clock stops.
/// </summary>
public static class Benchmarks
{
    private const double MinimumSeconds = 0.5;
    private const int MaximumRepeats = 1 << 12;

    /// <summary>GEMM sizes (n×n×n) of each run size.</summary>
    public static int[] GemmSizes(bool full) => full ? [1024, 2048, 4096] : [256, 512];

    /// <summary>The seed models timed against PyTorch (full sizes only: they are GPU-sized problems).</summary>
    public static IEnumerable<string> SeedModelNames(bool full) => full ? SeedModels.Names : [];

    public static IReadOnlyList<BenchmarkResult> Run(Device device, bool full, TorchReference torch)
    {
        Console.WriteLine($"benchmarks ({(full ? "full" : "small")} sizes): {device} against the cpu, or against PyTorch {torch.Version ?? $"(not run: {torch.Error})"}");
        var results = new List<BenchmarkResult>();
        foreach (var workload in Workloads(full, torch))
        {
            var onDevice = Time(device, workload.Make(device), out long peak);
            var onCpu = workload.AlsoOnCpu ? Time(Device.Cpu, workload.Make(Device.Cpu), out _) : double.NaN;
            var result = new BenchmarkResult(workload.Name, onDevice, onCpu, workload.TorchSeconds, workload.Work, workload.Unit, peak);
            var against = workload.AlsoOnCpu ? $"cpu {Format(result.CpuRate, result.Unit),12} ({result.CpuSeconds * 1e3,9:F2} ms)" : "";
            if (double.IsFinite(result.TorchSeconds))
            {
                against += $"   torch {Format(result.TorchRate, result.Unit),12} ({result.TorchSeconds * 1e3,9:F2} ms, ours at {result.TorchSeconds / result.DeviceSeconds:P0})";
            }

            Console.WriteLine($"  {result.Name,-44} {Format(result.DeviceRate, result.Unit),14} ({result.DeviceSeconds * 1e3,9:F2} ms)   {against}   peak {peak / 1048576.0:F1} MiB");
            results.Add(result);
        }

        return results;
    }

    /// <summary>A workload: what one run does and counts, whether the CPU runs it too, and PyTorch's seconds per run (NaN: none).</summary>
    private sealed record Workload(string Name, double Work, string Unit, Func<Device, Action> Make, bool AlsoOnCpu = true, double TorchSeconds = double.NaN);

    private static IEnumerable<Workload> Workloads(bool full, TorchReference torch)
    {
        foreach (int n in GemmSizes(full))
        {
            double flops = 2.0 * n * n * n;
            double torchSeconds = torch.GemmGflops.TryGetValue(n, out var gflops) ? flops / (gflops * 1e9) : double.NaN;
            yield return new($"sgemm {n}x{n}x{n}", flops, "FLOP", d =>
            {
                var (a, b) = (Random(d, n, n), Random(d, n, n));
                return () => a.Matmul(b);
            }, TorchSeconds: torchSeconds);
        }

        var (batch, channels, size) = full ? (32, 128, 28) : (4, 32, 28);
        double convFlops = 3 * 2.0 * batch * channels * channels * 9 * size * size;  // forward, backward input, backward weight
        yield return new($"conv2d 3x3 fwd+bwd N{batch} C{channels} {size}x{size}", convFlops, "FLOP", d =>
        {
            var x = Leaf(Random(d, batch, channels, size, size));
            var w = Leaf(Random(d, channels, channels, 3, 3));
            return Backward(() => Functional.Conv2d(x, w, null, padding: 1), x, w);
        });
        // stride 2, output padding 1: size → 2·size, the decoder layer of the colourisation U-Net
        double transposeFlops = 3 * 2.0 * batch * channels * channels * 9 * size * size;
        yield return new($"conv_transpose2d 3x3 s2 fwd+bwd N{batch} C{channels} {size}x{size}", transposeFlops, "FLOP", d =>
        {
            var x = Leaf(Random(d, batch, channels, size, size));
            var w = Leaf(Random(d, channels, channels, 3, 3));
            return Backward(() => Functional.ConvTranspose2d(x, w, null, stride: 2, padding: 1, outputPadding: 1), x, w);
        });
        double normBytes = 4.0 * 5 * batch * channels * size * size;  // x twice and y forward; dy, x, dx backward (at least)
        yield return new($"batch_norm2d train fwd+bwd N{batch} C{channels} {size}x{size}", normBytes, "B", d =>
        {
            var x = Leaf(Random(d, batch, channels, size, size));
            var (weight, bias) = (Leaf(Random(d, channels)), Leaf(Random(d, channels)));
            var (mean, variance) = (Tensor.Zeros([channels], DType.Float32, d), Tensor.Ones([channels], DType.Float32, d));
            return Backward(() => Functional.BatchNorm(x, mean, variance, weight, bias, training: true), x, weight, bias);
        });
        var (rays, samples) = full ? (65536, 128) : (1024, 64);
        yield return new($"volume render fwd+bwd {rays} rays x {samples}", (double)rays * samples, "sample", d =>
        {
            var sigma = Leaf(Random(d, rays, samples));
            var rgb = Leaf(Random(d, rays, samples, 3));
            var t = Tensor.Linspace(2, 6, samples).Expand(rays, samples).Contiguous().To(d);
            var delta = Random(d, rays, samples).Abs();
            return Backward(() => Functional.VolumeRender(sigma, rgb, t, delta).Color, sigma, rgb);
        });

        int elements = full ? 64 << 20 : 4 << 20;
        yield return new($"elementwise add {elements >> 20}M floats", 3.0 * 4 * elements, "B", d =>
        {
            var (a, b) = (Random(d, elements), Random(d, elements));
            return () => a.Add(b);
        });
        yield return new($"sum {elements >> 20}M floats", 4.0 * elements, "B", d =>
        {
            var a = Random(d, elements);
            return () => a.Sum();
        });

        int rows = full ? 4096 : 256;
        yield return new($"cross_entropy fwd+bwd {rows}x1000", 3.0 * 4 * rows * 1000, "B", d =>
        {
            var logits = Leaf(Random(d, rows, 1000));
            var labels = Tensor.Randint(0, 1000, [rows], new Generator(9)).To(d);
            return Backward(() => Functional.CrossEntropy(logits, labels), logits);
        });

        yield return new($"train step small CNN (batch {TrainingRun.BatchSize}, 16x16)", TrainingRun.BatchSize, "img", d =>
        {
            Tensor.ManualSeed(0);
            var model = TrainingRun.BuildModel();
            model.To(d);
            var optimizer = new Adam(model.Parameters());
            var (images, labels) = TrainingRun.Batch(new Generator(1), d);
            return () => TrainingRun.Step(model, optimizer, images, labels);
        });

        var (resnetBatch, resolution, classes) = full ? (32, 224, 1000) : (2, 64, 10);
        yield return new($"train step ResNet-18 (batch {resnetBatch}, {resolution}x{resolution})", resnetBatch, "img", d =>
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
        });

        // the seed models' training steps (SGD), as benchmarks/Compare and torch_seed_models.py define them
        foreach (var name in SeedModelNames(full))
        {
            var seed = SeedModels.Find(name);
            double torchSeconds = torch.ModelMillisecondsPerStep.TryGetValue(name, out var ms) ? ms / 1e3 : double.NaN;
            yield return new($"train step seed model {name} ({seed.Items} items)", seed.Items, "item", d =>
            {
                Tensor.ManualSeed(0);
                var model = seed.Build();
                model.To(d);
                var input = Tensor.Randn(seed.InputShape).To(d);
                var optimizer = new Sgd(model.Parameters(), lr: 1e-3, momentum: 0.9);
                model.Train();
                return () =>
                {
                    optimizer.ZeroGrad();
                    seed.Loss(model.Call(input)).Backward();
                    optimizer.Step();
                };
            }, AlsoOnCpu: false, TorchSeconds: torchSeconds);
        }
    }

    // one forward and backward of the sum of what forward gives, the leaves' gradients cleared first
    private static Action Backward(Func<Tensor> forward, params Tensor[] leaves) => () =>
    {
        foreach (var leaf in leaves)
        {
            leaf.Grad = null;
        }

        forward().Sum().Backward();
    };

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
