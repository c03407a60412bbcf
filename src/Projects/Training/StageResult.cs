using IlgpuNet.Reporting;

namespace IlgpuNet.Training;

/// <summary>
/// A finished stage: its summary, its per-epoch metrics, its folder (for figures of its curves) and, when the stage
/// logged them, the loss of every training batch.
/// </summary>
public sealed record StageResult(StageSummary Summary, MetricsLog Metrics, RunFolder Folder, MetricsLog? Iterations = null)
{
    public Evaluation this[string split] => Summary.Final.TryGetValue(split, out var evaluation) ? evaluation
        : throw new KeyNotFoundException($"stage {Summary.Name} has no final evaluation of '{split}' (it has {string.Join(", ", Summary.Final.Keys)})");
}
