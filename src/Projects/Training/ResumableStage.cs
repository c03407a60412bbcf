using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;

namespace IlgpuNet.Training;

/// <summary>
/// One model's training in its own folder (<c>stages/NAME</c> of the run), whatever the model learns: an epoch loop,
/// metrics.csv, a checkpoint after every epoch (model, optimizer, scheduler, early-stopping state) and best.safetensors
/// for the epoch of lowest validation criterion. Training stops early when <see cref="Patience"/> epochs bring no
/// improvement; the best weights are then loaded back and evaluated (<see cref="EvaluateFinal"/>). With resume, a
/// finished stage is read back (best weights and summary.json), and an unfinished one (or a finished one given more
/// epochs) continues after its last checkpoint, giving the numbers an uninterrupted run gives. A subclass says what an
/// epoch does (<see cref="RunEpoch"/>): <see cref="TrainingStage"/> trains a classifier.
/// </summary>
public abstract class ResumableStage(string name, Module model, Optimizer optimizer, LRScheduler? scheduler)
{
    public const string StagesFolder = "stages";
    private const string BestFile = "best.safetensors";

    // RunFolder writes NaN as "NaN"; read it back the same way
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Name { get; } = name;

    public Module Model { get; } = model;

    protected Optimizer Optimizer { get; } = optimizer;

    public required int Epochs { get; init; }

    /// <summary>Where the model trains: moved there when the stage runs (null: where it already is). Batches follow the model.</summary>
    public Device? Device { get; init; }

    /// <summary>Epochs without a lower validation criterion before stopping; null trains every epoch (the best one is still kept).</summary>
    public int? Patience { get; init; }

    /// <summary>Also write every batch's loss to the stage's iterations.csv (epoch, iteration, loss), kept across resumes.</summary>
    public bool LogIterations { get; init; }

    /// <summary>metrics.csv's header: "epoch", "lr" and "seconds" are filled in here, every other column by <see cref="RunEpoch"/>.</summary>
    protected abstract IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// One epoch: training, then validation. <paramref name="onIteration"/> takes each batch's loss. Returns the values of
    /// the other <see cref="Columns"/>, the criterion that picks the kept epoch (lower is better) and a line for the console.
    /// </summary>
    protected abstract EpochOutcome RunEpoch(int epoch, Action<double>? onIteration);

    /// <summary>Evaluations of the kept weights when training ends, written to summary.json (none by default).</summary>
    protected virtual Dictionary<string, Evaluation> EvaluateFinal() => [];

    /// <summary>What the console says of the final evaluations.</summary>
    protected virtual string DescribeFinal(IReadOnlyDictionary<string, Evaluation> final) => "";

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
            Optimizer.LoadStateDict(checkpoint.Optimizer ?? throw new InvalidDataException($"{latest.Path} holds no optimizer state"));
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
            double lr = Optimizer.ParamGroups[0].Lr;
            int iteration = iterations?.Rows.Count ?? 0, epochNow = epoch;
            var epochIterations = new List<double[]>(); // written with the epoch's row: an abandoned epoch leaves none behind
            var outcome = RunEpoch(epoch, iterations == null ? null : loss => epochIterations.Add([epochNow, ++iteration, loss]));
            scheduler?.Step();
            bool improved = stopping.Observe(epoch, outcome.Criterion);
            double seconds = clock.Elapsed.TotalSeconds;
            // rows first, then the checkpoint: a resume cuts rows back to the newest checkpoint, never the other way round
            iterations?.AppendRange(epochIterations);
            metrics.Append(Columns.Select(column => column switch
            {
                "epoch" => epoch,
                "lr" => lr,
                "seconds" => seconds,
                _ => outcome.Values.TryGetValue(column, out double value) ? value
                    : throw new InvalidOperationException($"{Name}: the epoch gave no value for the metrics column '{column}'"),
            }).ToArray());
            SaveEpoch(folder, epoch, stopping, improved, outcome.Criterion);
            Console.WriteLine($"{Name} epoch {epoch}: {outcome.Description}{(improved ? " (best)" : "")} ({seconds:F0} s)");
        }

        bool stoppedEarly = stopping.ShouldStop && epoch <= Epochs;
        Model.LoadStateDict(Checkpoint.Load(folder.CheckpointPath(BestFile)).Model);
        var final = EvaluateFinal();
        var summary = new StageSummary(Name, stopping.BestEpoch, metrics.LastEpoch ?? 0, stoppedEarly, metrics.Column("seconds").Sum(), final);
        folder.WriteSummary(summary);
        Console.WriteLine($"{Name}: kept epoch {summary.BestEpoch}{(stoppedEarly ? " (stopped early)" : "")}; " + DescribeFinal(final));
        return new StageResult(summary, metrics, folder, iterations);
    }

    private MetricsLog? OpenIterations(RunFolder folder, bool resume, int? keepThroughEpoch)
        => LogIterations ? MetricsLog.Open(Path.Combine(folder.Root, "iterations.csv"), ["epoch", "iteration", "loss"], resume, keepThroughEpoch) : null;

    private void SaveEpoch(RunFolder folder, int epoch, EarlyStopping stopping, bool improved, double criterion)
    {
        var state = new Dictionary<string, double> { ["criterion"] = criterion };
        stopping.SaveTo(state);
        if (improved)
        {
            Checkpoint.Save(folder.CheckpointPath(BestFile), new TrainingCheckpoint(Model.StateDict(), null, null, epoch, state));
        }

        string path = folder.CheckpointPath(epoch);
        Checkpoint.Save(path, new TrainingCheckpoint(Model.StateDict(), Optimizer.StateDict(), scheduler?.StateDict(), epoch, state));
        foreach (var older in Directory.EnumerateFiles(folder.CheckpointsDirectory, "epoch-*.safetensors").Where(p => p != path))
        {
            File.Delete(older); // the newest epoch is all a resume needs
        }
    }
}
