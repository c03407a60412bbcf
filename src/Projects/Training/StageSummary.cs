namespace IlgpuNet.Training;

/// <summary>
/// What a finished <see cref="TrainingStage"/> writes to its summary.json, and what --resume reads back instead of
/// training the stage again: the kept (best) epoch, how training ended, and the final evaluations of that epoch's weights.
/// </summary>
public sealed record StageSummary(
    string Name,
    int BestEpoch,
    int EpochsRun,
    bool StoppedEarly,
    double TrainingSeconds,
    Dictionary<string, Evaluation> Final);
