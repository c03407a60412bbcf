using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;

namespace IlgpuNet.Training;

/// <summary>
/// An image classifier's <see cref="ResumableStage"/> under cross-entropy: each epoch trains over <see cref="Train"/>
/// and measures <see cref="Validation"/>, whose loss picks the kept epoch; the kept weights are evaluated on
/// <see cref="FinalSplits"/> when training ends. Validation and the final evaluation run in batches of
/// <see cref="BatchSize"/>: their no-grad forward passes then ask the host pool for arrays of the sizes a training step
/// released, so they reuse those instead of adding a second set of every activation size to the pool's cache (the
/// composite CNN at 64×64 cached 2.4 GB more for one validation batch of 200 images than for its training batches of 32).
/// </summary>
public sealed class TrainingStage(string name, Module model, Optimizer optimizer, LRScheduler? scheduler = null)
    : ResumableStage(name, model, optimizer, scheduler)
{
    private static readonly string[] BaseColumns = ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"];

    public required IClassificationBatches Train { get; init; }

    public required IClassificationBatches Validation { get; init; }

    /// <summary>Images per training step, and per batch of the validation pass and the final evaluation.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Also log top-k accuracy per epoch (columns train_top{k} and val_top{k}; training batches as they were augmented).</summary>
    public int? TopK { get; init; }

    /// <summary>
    /// Splits evaluated with the kept weights when training ends ("train", "val", "test", ...). Their evaluations keep
    /// every image's prediction (summary.json, confusion matrices), so these are per-image splits.
    /// </summary>
    public IReadOnlyDictionary<string, ClassificationData> FinalSplits { get; init; } = new Dictionary<string, ClassificationData>();

    protected override IReadOnlyList<string> Columns => TopK is int k ? [.. BaseColumns, $"train_top{k}", $"val_top{k}"] : BaseColumns;

    protected override EpochOutcome RunEpoch(int epoch, Action<double>? onIteration)
    {
        var (trainLoss, trainAccuracy, trainTopK) = ClassifierSteps.TrainEpoch(Model, Optimizer, Train, epoch, BatchSize, $"{Name} epoch {epoch}/{Epochs}",
            onIteration, TopK);
        var validation = ClassifierSteps.Measure(Model, Validation, BatchSize, TopK);
        var values = new Dictionary<string, double>
        {
            ["train_loss"] = trainLoss,
            ["train_accuracy"] = trainAccuracy,
            ["val_loss"] = validation.Loss,
            ["val_accuracy"] = validation.Accuracy,
        };
        if (TopK is int k)
        {
            values[$"train_top{k}"] = trainTopK;
            values[$"val_top{k}"] = validation.TopKAccuracy;
        }

        return new EpochOutcome(values, validation.Loss,
            $"train loss {trainLoss:F4} acc {trainAccuracy:P2} | val loss {validation.Loss:F4} acc {validation.Accuracy:P2}");
    }

    protected override Dictionary<string, Evaluation> EvaluateFinal()
        => FinalSplits.ToDictionary(split => split.Key, split => ClassifierSteps.Evaluate(Model, split.Value, BatchSize));

    protected override string DescribeFinal(IReadOnlyDictionary<string, Evaluation> final)
        => string.Join(", ", final.Select(f => $"{f.Key} acc {f.Value.Accuracy:P2}"));
}
