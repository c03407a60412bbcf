namespace IlgpuNet.Detection;

/// <summary>config.json of a detection run: what it was asked to do and what it was trained on (options.json holds what --resume compares).</summary>
public sealed record DetectionConfig(
    string Experiment,
    DetectionOptions Options,
    int Epochs,
    ulong Seed,
    string Device,
    string PretrainData,
    string FineTuneData);
