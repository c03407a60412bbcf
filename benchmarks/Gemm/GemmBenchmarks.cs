using BenchmarkDotNet.Attributes;
using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>
/// BenchmarkDotNet suite: float32 matmul through the Tensor API on every backend present, at square sizes, the three
/// GEMMs of each seed-model convolution (<see cref="GemmShape.Conv"/>) and the seed models' linear layers; transposed
/// operands are transposed views, which every backend folds into its GEMM's flags. The CPU kernel alone, beside
/// OpenBLAS, is `benchmarks gemm`. Run: `make bench FILTER='*GemmBenchmarks*'`.
/// </summary>
[Config(typeof(Config))]
public class GemmBenchmarks : DeviceSuite
{
    private Tensor a = null!, b = null!;

    public static IEnumerable<GemmShape> Shapes => GemmShape.Square.Concat(GemmShape.Conv).Concat(GemmShape.Linear);

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.Square[0];

    [GlobalSetup]
    public void Setup()
    {
        a = Shape.TransA ? Randn(Shape.K, Shape.M).Transpose(0, 1) : Randn(Shape.M, Shape.K);
        b = Shape.TransB ? Randn(Shape.N, Shape.K).Transpose(0, 1) : Randn(Shape.K, Shape.N);
        Synchronize();
    }

    [Benchmark]
    public void Matmul()
    {
        a.Matmul(b);
        Synchronize();
    }

    private sealed class Config() : KernelSuiteConfig(flops: c => ((GemmShape)c.Parameters[nameof(Shape)]).Flops);
}
