using IlgpuNet.Nerf.Evaluation;

namespace IlgpuNet.Nerf.Training;

/// <summary>What a training run ended with: its folder, the weights file, steps, training seconds and the test scores.</summary>
public sealed record TrainingSummary(string RunFolder, string WeightsPath, int Steps, double TrainSeconds, SplitScores Test);
