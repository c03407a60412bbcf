using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace IlgpuNet.Benchmarks;

/// <summary>
/// A BenchmarkDotNet column "work per second": <paramref name="work"/> gives a case's floating-point operations
/// (GFLOP/s) or bytes moved (GB/s), divided by its mean time. Cases without a known amount of work show "-".
/// </summary>
public sealed class ThroughputColumn(string name, string legend, Func<BenchmarkCase, double?> work) : IColumn
{
    public string Id => name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || work(benchmarkCase) is not double amount)
        {
            return "-";
        }

        double rate = amount / stats.Mean; // Mean is in ns: work/ns = 1e9 work/s
        return rate.ToString(rate < 1 ? "F3" : "F1"); // slow backends (PoCL) fall below 0.1
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
