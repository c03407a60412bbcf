namespace IlgpuNet.SuperResolution;

/// <summary>config.json of a training run; --resume refuses a run folder whose config differs (other than in the epoch count).</summary>
public sealed record SrTrainConfig(
    string Experiment,
    string Name,
    string Architecture,
    int Scale,
    string Loss,
    string Optimizer,
    double LearningRate,
    double OutputLrFactor,
    int BatchSize,
    int PatchesPerEpoch,
    int PatchSize,
    int ValidationImages,
    int DecayEpoch,
    ulong Seed,
    int Epochs,
    string Data,
    string Device);
