using System.Text.Json;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>One side's measurement of a training step: throughput, CPU time, and memory (the host pool's high-water mark: ours only).</summary>
public sealed record StepResult(double ItemsPerSecond, double MillisecondsPerStep, double CpuMillisecondsPerStep, long PeakRssBytes, long? PoolPeakBytes)
{
    /// <summary>From the JSON line a seed-step child prints (this program's or torch_seed_models.py).</summary>
    public static StepResult Parse(JsonElement json) => new(
        json.GetProperty("items_per_s").GetDouble(),
        json.GetProperty("ms_per_step").GetDouble(),
        json.GetProperty("cpu_ms_per_step").GetDouble(),
        json.GetProperty("peak_rss_bytes").GetInt64(),
        json.TryGetProperty("pool_peak_bytes", out var pool) ? pool.GetInt64() : null);

    public double PeakRssMib => PeakRssBytes / 1048576.0;

    public double? PoolPeakMib => PoolPeakBytes / 1048576.0;
}
