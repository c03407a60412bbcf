using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;

namespace IlgpuNet.Training;

/// <summary>
/// An image classifier's <see cref="ResumableStage"/> under cross-entropy: each epoch trains over <see cref="Train"/>
/// and measures <see cref="Validation"/>, whose loss picks the kept epoch; the kept weights are evaluated on
/// <see cref="FinalSplits"/> when training ends.
/// </summary>
public sealed class TrainingStage(string name, Module model, Optimizer optimizer, LRScheduler? scheduler = null)
    : ResumableStage(name, model, optimizer, scheduler)
{
    private static readonly string[] BaseColumns = ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"];

    public required IClassificationBatches Train { get; init; }

    public required IClassificationBatches Validation { get; init; }

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
        var validation = ClassifierSteps.Measure(Model, Validation, topK: TopK);
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
        => FinalSplits.ToDictionary(split => split.Key, split => ClassifierSteps.Evaluate(Model, split.Value));

    protected override string DescribeFinal(IReadOnlyDictionary<string, Evaluation> final)
        => string.Join(", ", final.Select(f => $"{f.Key} acc {f.Value.Accuracy:P2}"));
}
