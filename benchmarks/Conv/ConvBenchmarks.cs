using BenchmarkDotNet.Attributes;
using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Conv;

/// <summary>
/// BenchmarkDotNet suite: conv2d forward, input gradient and weight gradient, each alone, at the seed models' shapes
/// (<see cref="ConvShape.SeedModels"/>: 1×1, 3×3, 5×5, 7×7 and 9×9 kernels, batch 128) on every backend present.
/// Each pass costs the same 2·N·K·OH·OW·C·KH·KW floating-point operations (the GFLOP/s column).
/// Run: `make bench FILTER='*ConvBenchmarks*'`.
/// </summary>
[Config(typeof(Config))]
public class ConvBenchmarks : DeviceSuite
{
    private Tensor x = null!, weight = null!, outputGradient = null!, inputGradientGraph = null!, weightGradientGraph = null!;

    public static IEnumerable<ConvShape> Shapes => ConvShape.SeedModels;

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = ConvShape.SeedModels[0];

    [GlobalSetup]
    public void Setup()
    {
        var g = Shape.Geometry;
        x = Randn(g.N, g.InChannels, g.InH, g.InW);
        weight = Randn(g.OutChannels, g.InChannels, g.KernelH, g.KernelW);
        outputGradient = Randn(g.N, g.OutChannels, g.OutH, g.OutW);
        // one recorded convolution per gradient, whose backward (graph retained) then computes only that gradient
        inputGradientGraph = Convolve(GradientEnd(x), weight);
        weightGradientGraph = Convolve(x, GradientEnd(weight));
        Synchronize();
    }

    [Benchmark]
    public void Forward()
    {
        Convolve(x, weight);
        Synchronize();
    }

    [Benchmark]
    public void InputGradient()
    {
        inputGradientGraph.Backward(outputGradient, retainGraph: true);
        Synchronize();
    }

    [Benchmark]
    public void WeightGradient()
    {
        weightGradientGraph.Backward(outputGradient, retainGraph: true);
        Synchronize();
    }

    private Tensor Convolve(Tensor input, Tensor kernel) => Functional.Conv2d(input, kernel, null, Shape.Stride, Shape.Padding);

    private sealed class Config() : KernelSuiteConfig(flops: c => ((ConvShape)c.Parameters[nameof(Shape)]).Flops);
}
