namespace IlgpuNet.Detection;

/// <summary>config.json of a detection run; --resume refuses a run folder whose config differs (other than in the epoch counts and the stages asked for).</summary>
public sealed record DetectionConfig(
    string Experiment,
    DetectionOptions Options,
    int Epochs,
    ulong Seed,
    string Device,
    string PretrainData,
    string FineTuneData);
