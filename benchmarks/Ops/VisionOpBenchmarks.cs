using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Ops;

/// <summary>
/// BenchmarkDotNet suite of the seed models' non-GEMM ops on the CPU backend, through the public API (autograd
/// bookkeeping included): each benchmark is forward + backward at a seed-model shape, or one optimizer step.
/// GB/s counts the tensors each pass must read and write (float32); GFLOP/s is shown for the transposed conv.
/// Run: `make bench FILTER='*VisionOp*'` or `dotnet run -c Release --project benchmarks -- kernels --filter '*VisionOp*'`.
/// </summary>
[Config(typeof(Throughput))]
public class VisionOpBenchmarks
{
    // Shapes: UNet's first transposed conv, the composite CNN's widest batch norm, Table-2's first pool,
    // the UNet's per-pixel cross-entropy, ResNet18's parameters.
    private static readonly int[] UpInput = [128, 64, 8, 8], BnInput = [128, 32, 64, 64], PoolInput = [128, 32, 32, 32];
    private static readonly int[] PixelLogits = [128, 24, 32, 32];
    private const int AdamParameters = 11_181_642;

    private static readonly Dictionary<string, (double Flops, double Bytes)> Work = new()
    {
        // dx, dw and forward: 3 × 2·N·Cin·H·W·Cout·9 (every input pixel meets every 3×3 tap of every output channel)
        [nameof(ConvTranspose2dForwardBackward)] = (3 * 2.0 * 128 * 64 * 8 * 8 * 32 * 9, 0),
        // forward reads x, writes y; backward reads x, dy, writes dx (two passes over x for the statistics)
        [nameof(BatchNorm2dTrainingForwardBackward)] = (0, 4.0 * 6 * Numel(BnInput)),
        // forward reads x, writes y and int64 indices; backward reads dy and indices, writes dx
        [nameof(MaxPool2dForwardBackward)] = (0, 4.0 * (2 * Numel(PoolInput) + Numel(PoolInput) / 4 * (1 + 2 + 1 + 2))),
        // log-softmax reads and writes the logits, backward reads them and writes the gradient
        [nameof(PixelCrossEntropyForwardBackward)] = (0, 4.0 * 4 * Numel(PixelLogits)),
        // Adam reads param, grad, m, v and writes param, m, v
        [nameof(AdamStep)] = (0, 4.0 * 7 * AdamParameters),
    };

    private Tensor upInput = null!, upWeight = null!, bnInput = null!, bnWeight = null!, bnBias = null!, runningMean = null!, runningVar = null!;
    private Tensor poolInput = null!, logits = null!, pixelTargets = null!;
    private Tensor[] adamParameters = [];
    private Adam adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        Tensor.ManualSeed(0);
        upInput = Leaf(Tensor.Randn(UpInput));
        upWeight = Leaf(Tensor.Randn([64, 32, 3, 3]));
        bnInput = Leaf(Tensor.Randn(BnInput));
        bnWeight = Leaf(Tensor.Ones([32]));
        bnBias = Leaf(Tensor.Zeros([32]));
        runningMean = Tensor.Zeros([32]);
        runningVar = Tensor.Ones([32]);
        poolInput = Leaf(Tensor.Randn(PoolInput));
        logits = Leaf(Tensor.Randn(PixelLogits));
        pixelTargets = Tensor.Randint(0, 24, [128, 32, 32]);
        adamParameters = [Leaf(Tensor.Randn([AdamParameters]))];
        adamParameters[0].Grad = Tensor.Randn([AdamParameters]);
        adam = new Adam(adamParameters, 1e-3);
    }

    [Benchmark]
    public void ConvTranspose2dForwardBackward()
        => Functional.ConvTranspose2d(upInput, upWeight, null, 2, 1, 1).Sum().Backward();

    [Benchmark]
    public void BatchNorm2dTrainingForwardBackward()
        => Functional.BatchNorm(bnInput, runningMean, runningVar, bnWeight, bnBias, training: true).Sum().Backward();

    [Benchmark]
    public void MaxPool2dForwardBackward() => Functional.MaxPool2d(poolInput, 2).Sum().Backward();

    [Benchmark]
    public void PixelCrossEntropyForwardBackward() => Functional.CrossEntropy(logits, pixelTargets).Backward();

    [Benchmark]
    public void AdamStep() => adam.Step();

    private static Tensor Leaf(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }

    private static long Numel(int[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    private sealed class Throughput : ManualConfig
    {
        public Throughput()
        {
            AddColumn(new ThroughputColumn("GFLOP/s", "multiply-adds × 2 / mean time",
                c => Work.TryGetValue(c.Descriptor.WorkloadMethod.Name, out var w) && w.Flops > 0 ? w.Flops : null));
            AddColumn(new ThroughputColumn("GB/s", "bytes the op must read and write / mean time",
                c => Work.TryGetValue(c.Descriptor.WorkloadMethod.Name, out var w) && w.Bytes > 0 ? w.Bytes : null));
        }
    }
}
