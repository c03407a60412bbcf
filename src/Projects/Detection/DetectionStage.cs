using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// A detector's <see cref="ResumableStage"/>: each epoch trains over <see cref="Train"/> and measures
/// <see cref="Validation"/>; the epoch of highest validation mAP@0.5:0.95 is kept. metrics.csv holds the training loss
/// and its terms, the validation loss, mAP@0.5 and mAP@0.5:0.95 per epoch.
/// </summary>
public sealed class DetectionStage(string name, YoloDetector model, Optimizer optimizer, LRScheduler? scheduler = null)
    : ResumableStage(name, model, optimizer, scheduler)
{
    private static readonly string[] StageColumns =
        ["epoch", "train_loss", "train_box", "train_obj", "train_cls", "val_loss", "val_map50", "val_map", "lr", "seconds"];

    public required DetectionData Train { get; init; }

    public required DetectionData Validation { get; init; }

    public required YoloLoss Loss { get; init; }

    public int BatchSize { get; init; } = 16;

    public DetectionDecoder Decoder { get; init; } = new();

    protected override IReadOnlyList<string> Columns => StageColumns;

    protected override EpochOutcome RunEpoch(int epoch, Action<double>? onIteration)
    {
        var train = DetectorSteps.TrainEpoch(model, Optimizer, Loss, Train, epoch, BatchSize, $"{Name} epoch {epoch}/{Epochs}", onIteration);
        var validation = DetectorSteps.Evaluate(model, Loss, Validation, Decoder);
        var values = new Dictionary<string, double>
        {
            ["train_loss"] = train.Total,
            ["train_box"] = train.Box,
            ["train_obj"] = train.Objectness,
            ["train_cls"] = train.Classification,
            ["val_loss"] = validation.Loss,
            ["val_map50"] = validation.Metrics.Map50,
            ["val_map"] = validation.Metrics.Map,
        };
        return new EpochOutcome(values, -validation.Metrics.Map,
            $"train loss {train.Total:F4} (box {train.Box:F3}, obj {train.Objectness:F3}, cls {train.Classification:F3}) | val loss {validation.Loss:F4}, mAP@0.5 {validation.Metrics.Map50:F3}, mAP@0.5:0.95 {validation.Metrics.Map:F3}");
    }
}
