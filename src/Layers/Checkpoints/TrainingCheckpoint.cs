using System.Text.Json.Nodes;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>Everything a training run needs to resume: weights, optimizer and scheduler state, epoch, metrics.</summary>
public sealed record TrainingCheckpoint(
    IReadOnlyDictionary<string, Tensor> Model,
    OptimizerStateDict? Optimizer,
    JsonObject? Scheduler,
    int Epoch,
    IReadOnlyDictionary<string, double> Metrics);
