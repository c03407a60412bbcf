using BenchmarkDotNet.Attributes;
using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Ops;

/// <summary>
/// BenchmarkDotNet suite of the seed models' non-GEMM ops on every backend present, through the public API: each
/// benchmark is one forward and its backward from a fixed output gradient at a seed-model shape (the inputs' gradients
/// are computed, not accumulated into .Grad), or one optimizer step. GB/s counts the tensors each pass must read and
/// write (float32); GFLOP/s is shown for the transposed conv.
/// Run: `make bench FILTER='*VisionOp*'`.
/// </summary>
[Config(typeof(Config))]
public class VisionOpBenchmarks : DeviceSuite
{
    // Shapes: UNet's first transposed conv, the composite CNN's widest batch norm, Table-2's first pool,
    // the UNet's per-pixel cross-entropy, ResNet18's parameters, a NeRF batch of rays and samples per ray.
    private static readonly int[] UpInput = [128, 64, 8, 8], BnInput = [128, 32, 64, 64], PoolInput = [128, 32, 32, 32];
    private static readonly int[] PixelLogits = [128, 24, 32, 32];
    private const int AdamParameters = 11_181_642;
    private const int Rays = 4096, SamplesPerRay = 64;

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
        // forward reads sigma, t, delta, rgb (6 per sample), writes weights (1); backward reads them and the weights (7),
        // writes dsigma and drgb (4); 5 outputs and their gradients per ray
        [nameof(VolumeRenderForwardBackward)] = (0, 4.0 * (18.0 * Rays * SamplesPerRay + 10.0 * Rays)),
    };

    private Tensor upInput = null!, upWeight = null!, upGradient = null!;
    private Tensor bnInput = null!, bnWeight = null!, bnBias = null!, runningMean = null!, runningVar = null!, bnGradient = null!;
    private Tensor poolInput = null!, poolGradient = null!, logits = null!, pixelTargets = null!;
    private Tensor sigma = null!, rgb = null!, depths = null!, deltas = null!, colorGradient = null!;
    private Adam adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        upInput = Randn(UpInput);
        upWeight = Randn(64, 32, 3, 3);
        upGradient = Randn(128, 32, 16, 16);
        bnInput = Randn(BnInput);
        bnWeight = Tensor.Ones([32], device: Device);
        bnBias = Tensor.Zeros([32], device: Device);
        runningMean = Tensor.Zeros([32], device: Device);
        runningVar = Tensor.Ones([32], device: Device);
        bnGradient = Randn(BnInput);
        poolInput = Randn(PoolInput);
        poolGradient = Randn(128, 32, 16, 16);
        logits = Randn(PixelLogits);
        pixelTargets = Tensor.Randint(0, 24, [128, 32, 32]).To(Device);
        sigma = Randn(Rays, SamplesPerRay);
        rgb = Tensor.Rand([Rays, SamplesPerRay, 3]).To(Device);
        // NeRF's stratified depths between near 2 and far 6: evenly spaced, delta the gap to the next sample
        depths = Tensor.Linspace(2, 6, SamplesPerRay).Expand(Rays, SamplesPerRay).Contiguous().To(Device);
        deltas = Tensor.Full([Rays, SamplesPerRay], 4.0 / (SamplesPerRay - 1), device: Device);
        colorGradient = Randn(Rays, 3);
        var parameter = Randn(AdamParameters);
        parameter.RequiresGrad = true;
        parameter.Grad = Randn(AdamParameters);
        adam = new Adam([parameter], 1e-3);
        Synchronize();
    }

    [Benchmark]
    public void ConvTranspose2dForwardBackward()
    {
        Functional.ConvTranspose2d(GradientEnd(upInput), GradientEnd(upWeight), null, 2, 1, 1).Backward(upGradient);
        Synchronize();
    }

    [Benchmark]
    public void BatchNorm2dTrainingForwardBackward()
    {
        Functional.BatchNorm(GradientEnd(bnInput), runningMean, runningVar, GradientEnd(bnWeight), GradientEnd(bnBias), training: true)
            .Backward(bnGradient);
        Synchronize();
    }

    [Benchmark]
    public void MaxPool2dForwardBackward()
    {
        Functional.MaxPool2d(GradientEnd(poolInput), 2).Backward(poolGradient);
        Synchronize();
    }

    [Benchmark]
    public void PixelCrossEntropyForwardBackward()
    {
        Functional.CrossEntropy(GradientEnd(logits), pixelTargets).Backward();
        Synchronize();
    }

    [Benchmark]
    public void AdamStep()
    {
        adam.Step();
        Synchronize();
    }

    [Benchmark]
    public void VolumeRenderForwardBackward()
    {
        Functional.VolumeRender(GradientEnd(sigma), GradientEnd(rgb), depths, deltas).Color.Backward(colorGradient);
        Synchronize();
    }

    private static long Numel(int[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    private sealed class Config() : KernelSuiteConfig(
        flops: c => Work.TryGetValue(c.Descriptor.WorkloadMethod.Name, out var w) && w.Flops > 0 ? w.Flops : null,
        bytes: c => Work.TryGetValue(c.Descriptor.WorkloadMethod.Name, out var w) && w.Bytes > 0 ? w.Bytes : null);
}
