using System.Text.Json;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>One side's measurement of a training step: throughput, CPU time, and memory (the host pool's high-water mark: ours only).</summary>
public sealed record StepResult(double ItemsPerSecond, double MillisecondsPerStep, double CpuMillisecondsPerStep, long PeakRssBytes, long? PoolPeakBytes)
{
    /// <summary>
    /// From a turn-taking child's rounds and its last line (memory): the median round's throughput and time per step (the
    /// faster of the middle two for an even count), the CPU time per step over all rounds. Null when the child failed
    /// before its rounds ended.
    /// </summary>
    public static StepResult? FromRounds(IReadOnlyList<JsonElement> rounds, JsonElement? memory)
    {
        if (rounds.Count == 0 || memory is not { } end)
        {
            return null;
        }

        var median = rounds.OrderBy(r => r.GetProperty("items_per_s").GetDouble()).ElementAt(rounds.Count / 2);
        double steps = rounds.Sum(r => r.GetProperty("steps").GetDouble());
        double cpu = rounds.Sum(r => r.GetProperty("cpu_ms_per_step").GetDouble() * r.GetProperty("steps").GetDouble()) / steps;
        return new StepResult(median.GetProperty("items_per_s").GetDouble(), median.GetProperty("ms_per_step").GetDouble(), cpu,
            end.GetProperty("peak_rss_bytes").GetInt64(), end.TryGetProperty("pool_peak_bytes", out var pool) ? pool.GetInt64() : null);
    }

    public double PeakRssMib => PeakRssBytes / 1048576.0;

    public double? PoolPeakMib => PoolPeakBytes / 1048576.0;
}
