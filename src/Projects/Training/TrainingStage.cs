using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;

namespace IlgpuNet.Training;

/// <summary>
/// One model's training in its own folder (<c>stages/NAME</c> of the run): an epoch loop with validation, metrics.csv,
/// a checkpoint after every epoch (model, optimizer, scheduler, early-stopping state) and best.safetensors for the
/// epoch of lowest validation loss. Training stops early when <see cref="Patience"/> epochs bring no improvement;
/// the best weights are then loaded back and evaluated on <see cref="FinalSplits"/>. With resume, a finished stage is
/// read back (best weights and summary.json), and an unfinished one (or a finished one given more epochs) continues
/// after its last checkpoint, giving the numbers an uninterrupted run gives.
/// </summary>
public sealed class TrainingStage(string name, Module model, Optimizer optimizer, LRScheduler? scheduler = null)
{
    public const string StagesFolder = "stages";
    private const string BestFile = "best.safetensors";

    // RunFolder writes NaN as "NaN"; read it back the same way
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly string[] BaseColumns = ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"];

    public string Name { get; } = name;

    public Module Model { get; } = model;

    public required IClassificationBatches Train { get; init; }

    public required IClassificationBatches Validation { get; init; }

    public required int Epochs { get; init; }

    public int BatchSize { get; init; } = 128;

    /// <summary>Where the model trains: moved there when the stage runs (null: where it already is). Batches follow the model.</summary>
    public Device? Device { get; init; }

    /// <summary>Epochs without a lower validation loss before stopping; null trains every epoch (the best one is still kept).</summary>
    public int? Patience { get; init; }

    /// <summary>Also write every batch's loss to the stage's iterations.csv (epoch, iteration, loss), kept across resumes.</summary>
    public bool LogIterations { get; init; }

    /// <summary>Also log top-k accuracy per epoch (columns train_top{k} and val_top{k}; training batches as they were augmented).</summary>
    public int? TopK { get; init; }

    private string[] Columns => TopK is int k ? [.. BaseColumns, $"train_top{k}", $"val_top{k}"] : BaseColumns;

    /// <summary>
    /// Splits evaluated with the kept weights when training ends ("train", "val", "test", ...). Their evaluations keep
    /// every image's prediction (summary.json, confusion matrices), so these are per-image splits.
    /// </summary>
    public IReadOnlyDictionary<string, ClassificationData> FinalSplits { get; init; } = new Dictionary<string, ClassificationData>();

    public StageResult Run(RunFolder run, bool resume)
    {
        if (Device is { } device)
        {
            Model.To(device);
        }

        string root = Path.Combine(run.Root, StagesFolder, Name);
        if (!resume && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true); // a fresh run must not later resume from an older run's checkpoints
        }

        var folder = RunFolder.Create(root);
        if (resume && File.Exists(folder.SummaryPath))
        {
            var done = JsonSerializer.Deserialize<StageSummary>(File.ReadAllText(folder.SummaryPath), JsonOptions)
                ?? throw new InvalidDataException($"{folder.SummaryPath} is empty");
            if (done.StoppedEarly || done.EpochsRun >= Epochs)
            {
                Model.LoadStateDict(Checkpoint.Load(folder.CheckpointPath(BestFile)).Model);
                Console.WriteLine($"{Name}: finished earlier (best epoch {done.BestEpoch}), read back from {folder.Root}");
                return new StageResult(done, folder.OpenMetrics(Columns, resume: true), folder, OpenIterations(folder, resume: true, null));
            }

            File.Delete(folder.SummaryPath); // more epochs asked for than were run: continue after the last one
        }

        var stopping = new EarlyStopping(Patience ?? int.MaxValue);
        int firstEpoch = 1;
        if (resume && folder.LatestCheckpoint() is { } latest)
        {
            var checkpoint = Checkpoint.Load(latest.Path);
            Model.LoadStateDict(checkpoint.Model);
            optimizer.LoadStateDict(checkpoint.Optimizer ?? throw new InvalidDataException($"{latest.Path} holds no optimizer state"));
            if (scheduler != null)
            {
                scheduler.LoadStateDict(checkpoint.Scheduler ?? throw new InvalidDataException($"{latest.Path} holds no scheduler state"));
            }

            stopping.RestoreFrom(checkpoint.Metrics);
            firstEpoch = checkpoint.Epoch + 1;
            Console.WriteLine($"{Name}: resuming after epoch {checkpoint.Epoch}");
        }

        var metrics = folder.OpenMetrics(Columns, resume: firstEpoch > 1, keepThroughEpoch: firstEpoch - 1);
        var iterations = OpenIterations(folder, resume: firstEpoch > 1, keepThroughEpoch: firstEpoch - 1);
        int epoch = firstEpoch;
        for (; epoch <= Epochs && !stopping.ShouldStop; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lr = optimizer.ParamGroups[0].Lr;
            int iteration = iterations?.Rows.Count ?? 0, epochNow = epoch;
            var epochIterations = new List<double[]>(); // written with the epoch's row: an abandoned epoch leaves none behind
            var (trainLoss, trainAccuracy, trainTopK) = ClassifierSteps.TrainEpoch(Model, optimizer, Train, epoch, BatchSize, $"{Name} epoch {epoch}/{Epochs}",
                iterations == null ? null : loss => epochIterations.Add([epochNow, ++iteration, loss]), TopK);
            scheduler?.Step();
            var validation = ClassifierSteps.Measure(Model, Validation, topK: TopK);
            bool improved = stopping.Observe(epoch, validation.Loss);
            double[] row = [epoch, trainLoss, trainAccuracy, validation.Loss, validation.Accuracy, lr, clock.Elapsed.TotalSeconds];
            // rows first, then the checkpoint: a resume cuts rows back to the newest checkpoint, never the other way round
            iterations?.AppendRange(epochIterations);
            metrics.Append(TopK is not null ? [.. row, trainTopK, validation.TopKAccuracy] : row);
            SaveEpoch(folder, epoch, stopping, improved, validation.Loss);
            Console.WriteLine($"{Name} epoch {epoch}: train loss {trainLoss:F4} acc {trainAccuracy:P2} | val loss {validation.Loss:F4} acc {validation.Accuracy:P2}{(improved ? " (best)" : "")} ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        bool stoppedEarly = stopping.ShouldStop && epoch <= Epochs;
        Model.LoadStateDict(Checkpoint.Load(folder.CheckpointPath(BestFile)).Model);
        var final = FinalSplits.ToDictionary(split => split.Key, split => ClassifierSteps.Evaluate(Model, split.Value));
        var summary = new StageSummary(Name, stopping.BestEpoch, metrics.LastEpoch ?? 0, stoppedEarly, metrics.Column("seconds").Sum(), final);
        folder.WriteSummary(summary);
        Console.WriteLine($"{Name}: kept epoch {summary.BestEpoch}{(stoppedEarly ? " (stopped early)" : "")}; " +
            string.Join(", ", final.Select(f => $"{f.Key} acc {f.Value.Accuracy:P2}")));
        return new StageResult(summary, metrics, folder, iterations);
    }

    private MetricsLog? OpenIterations(RunFolder folder, bool resume, int? keepThroughEpoch)
        => LogIterations ? MetricsLog.Open(Path.Combine(folder.Root, "iterations.csv"), ["epoch", "iteration", "loss"], resume, keepThroughEpoch) : null;

    private void SaveEpoch(RunFolder folder, int epoch, EarlyStopping stopping, bool improved, double validationLoss)
    {
        var state = new Dictionary<string, double> { ["val_loss"] = validationLoss };
        stopping.SaveTo(state);
        if (improved)
        {
            Checkpoint.Save(folder.CheckpointPath(BestFile), new TrainingCheckpoint(Model.StateDict(), null, null, epoch, state));
        }

        string path = folder.CheckpointPath(epoch);
        Checkpoint.Save(path, new TrainingCheckpoint(Model.StateDict(), optimizer.StateDict(), scheduler?.StateDict(), epoch, state));
        foreach (var older in Directory.EnumerateFiles(folder.CheckpointsDirectory, "epoch-*.safetensors").Where(p => p != path))
        {
            File.Delete(older); // the newest epoch is all a resume needs
        }
    }
}
