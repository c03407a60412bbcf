using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

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
        public GemmConfig() => AddColumn(new GflopsColumn());
    }

    /// <summary>2*M*N*K / mean time.</summary>
    private sealed class GflopsColumn : IColumn
    {
        public string Id => "GFLOP/s";
        public string ColumnName => "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "2*M*N*K / mean time, in 1e9 floating-point operations per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats || benchmarkCase.Parameters["Shape"] is not GemmShape shape)
            {
                return "-";
            }

            return (shape.Flops / stats.Mean).ToString("F1"); // Mean is in ns: flops/ns = GFLOP/s
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
