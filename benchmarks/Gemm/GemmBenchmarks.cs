using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>
/// BenchmarkDotNet suite: our Sgemm on the square and seed-model shapes (time per call, plus a GFLOP/s column).
/// Run: `dotnet run -c Release --project benchmarks -- kernels --filter '*GemmBenchmarks*'`.
/// </summary>
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    public static IEnumerable<GemmShape> Shapes => GemmShape.Square.Concat(GemmShape.Model);

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.Square[0];

    [GlobalSetup]
    public void Setup()
    {
        a = GemmHarness.Random<float>(Shape.M * Shape.K, 1);
        b = GemmHarness.Random<float>(Shape.K * Shape.N, 2);
        c = new float[Shape.M * Shape.N];
    }

    [Benchmark]
    public void Sgemm()
        => IlgpuNet.Kernels.Cpu.Gemm.Sgemm(Shape.TransA, Shape.TransB, Shape.M, Shape.N, Shape.K, 1f, a, Shape.Lda, b, Shape.Ldb, 0f, c, Shape.N);

    private sealed class GemmConfig : ManualConfig
    {
        public GemmConfig() => AddColumn(new ThroughputColumn("GFLOP/s", "2*M*N*K / mean time, in 1e9 floating-point operations per second",
            c => (c.Parameters["Shape"] as GemmShape)?.Flops));
    }
}
