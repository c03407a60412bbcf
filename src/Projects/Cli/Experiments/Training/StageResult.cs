using IlgpuNet.Reporting;

namespace IlgpuNet.Cli.Experiments.Training;

/// <summary>A finished stage: its summary, its per-epoch metrics and its folder (for figures of its curves).</summary>
public sealed record StageResult(StageSummary Summary, MetricsLog Metrics, RunFolder Folder)
{
    public Evaluation this[string split] => Summary.Final.TryGetValue(split, out var evaluation) ? evaluation
        : throw new KeyNotFoundException($"stage {Summary.Name} has no final evaluation of '{split}' (it has {string.Join(", ", Summary.Final.Keys)})");
}
