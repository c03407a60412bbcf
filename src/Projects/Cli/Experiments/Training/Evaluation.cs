namespace IlgpuNet.Cli.Experiments.Training;

/// <summary>A model's mean cross-entropy, accuracy and per-sample predictions on one labelled split.</summary>
public sealed record Evaluation(double Loss, double Accuracy, int[] Predictions, int[] Targets);
