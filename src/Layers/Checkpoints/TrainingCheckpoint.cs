using System.Text.Json.Nodes;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// Everything a training run needs to resume: weights, optimizer and scheduler state, epoch (or step), metrics, and
/// <paramref name="Extra"/>: text an experiment keeps beside them (the options it was trained with, camera intrinsics).
/// </summary>
public sealed record TrainingCheckpoint(
    IReadOnlyDictionary<string, Tensor> Model,
    OptimizerStateDict? Optimizer,
    JsonObject? Scheduler,
    int Epoch,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string>? Extra = null);
