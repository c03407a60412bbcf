namespace IlgpuNet.Training;

/// <summary>
/// What one epoch of a <see cref="ResumableStage"/> measured: its metrics.csv values by column, the criterion that picks
/// the kept epoch and drives early stopping (lower is better: a validation loss, or a negated score), and a console line.
/// </summary>
public sealed record EpochOutcome(IReadOnlyDictionary<string, double> Values, double Criterion, string Description);
