using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Colourization;

/// <summary>
/// Colourization as classification, the course assignment: from a grey 32×32 image predict each pixel's colour class,
/// one of NC colours that k-means found among the training pixels, under per-pixel cross-entropy. PoolUpsampleNet,
/// ConvTransposeNet and UNet train with Adam at batch 100 (each a resumable <see cref="TrainingStage"/> in
/// stages/NAME, keeping the epoch of lowest validation loss), then ConvTransposeNet again at each batch size of the
/// sweep. The report shows the palette, the curves, the networks' colourings of validation images, the sweep, the
/// paddings that keep every shape at kernels 4 and 5, and PoolUpsampleNet's weights, outputs and connections counted
/// from the model against their formulas.
/// </summary>
public sealed class ColourizationExperiment(RunSettings settings, ColourizationOptions options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/colourization.md).</summary>
    public const string DefaultDuration = "1¼–2½ hours";

    public sealed record ModelResult(string Name, StageResult Stage, Module Model);

    public sealed record SweepResult(int BatchSize, StageResult Stage);

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var run = RunFolder.Create(settings.OutDirectory);
        bool continuing = options.AddTo(new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs, mayChange: true)
            .Add("--data", settings.DataDirectory == null ? null : Path.GetFullPath(settings.DataDirectory))).CheckAndRecord(run.Root, settings);
        var data = ColourizationData.Load(options, settings.DataDirectory, settings.Seed);
        run.WriteConfig(new { experiment = "colourize", options, settings.Epochs, settings.Seed, device = settings.Device.ToString(), data = data.Name });
        Console.WriteLine($"colourize: {data.Name}, {data.Train.Count} training and {data.Validation.Count} validation images; the default configuration takes {DefaultDuration} on a 2-core CPU");

        var palette = LoadOrFitPalette(run, data, continuing);
        var train = new ColourizationBatches(data.Train, palette, settings.Seed);
        var validation = new ColourizationBatches(data.Validation, palette, settings.Seed);

        var models = options.Models.Select((name, i) =>
        {
            var model = Create(name, seedOffset: i + 1);
            return new ModelResult(name, Train(name, model, options.BatchSize, train, validation), model);
        }).ToList();
        var sweep = options.SweepBatchSizes.Select((batchSize, i) =>
            new SweepResult(batchSize, Train($"{ColourNetworks.ConvTranspose}-b{batchSize}", Create(ColourNetworks.ConvTranspose, seedOffset: 10 + i), batchSize, train, validation))).ToList();

        new ColourizationReport(run, data, palette, options, settings).Write(models, sweep, train, validation, started, clock.Elapsed);
        run.WriteSummary(new
        {
            dataset = data.Name,
            train_images = data.Train.Count,
            validation_images = data.Validation.Count,
            colours = palette.Count,
            models = models.ToDictionary(m => m.Name, m => StageNumbers(m.Stage)),
            batch_size_sweep = sweep.ToDictionary(s => s.BatchSize.ToString(CultureInfo.InvariantCulture), s => StageNumbers(s.Stage)),
            seconds = clock.Elapsed.TotalSeconds,
        });
        foreach (var model in models)
        {
            var kept = KeptEpoch(model.Stage);
            Console.WriteLine($"{ColourNetworks.DisplayName(model.Name)}: validation accuracy {kept.ValidationAccuracy:P2}, loss {kept.ValidationLoss:F4} (epoch {model.Stage.Summary.BestEpoch})");
        }

        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    /// <summary>The metrics row of the kept (lowest validation loss) epoch.</summary>
    public static (double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy) KeptEpoch(StageResult stage)
    {
        var metrics = stage.Metrics;
        int row = Array.IndexOf(metrics.Column("epoch"), (double)stage.Summary.BestEpoch);
        return (metrics.Column("train_loss")[row], metrics.Column("train_accuracy")[row], metrics.Column("val_loss")[row], metrics.Column("val_accuracy")[row]);
    }

    private static object StageNumbers(StageResult stage)
    {
        var kept = KeptEpoch(stage);
        return new
        {
            kept_epoch = stage.Summary.BestEpoch,
            epochs = stage.Summary.EpochsRun,
            val_loss = kept.ValidationLoss,
            val_accuracy = kept.ValidationAccuracy,
            train_accuracy = kept.TrainAccuracy,
            last_val_accuracy = stage.Metrics.Column("val_accuracy")[^1],
            seconds = stage.Summary.TrainingSeconds,
        };
    }

    private Module Create(string name, int seedOffset)
    {
        Tensor.ManualSeed(settings.Seed + (ulong)seedOffset);
        return ColourNetworks.Create(name, options.NetConfig);
    }

    private StageResult Train(string stageName, Module model, int batchSize, ColourizationBatches train, ColourizationBatches validation)
    {
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        return new TrainingStage(stageName, model, optimizer)
        {
            Device = settings.Device,
            Train = train,
            Validation = validation,
            Epochs = settings.Epochs,
            BatchSize = batchSize,
        }.Run(RunFolder.Create(settings.OutDirectory), settings.Resume);
    }

    private ColourPalette LoadOrFitPalette(RunFolder run, ColourizationData data, bool continuing)
    {
        string path = Path.Combine(run.Root, ColourPalette.FileName);
        if (continuing && File.Exists(path))
        {
            var saved = ColourPalette.Load(path);
            Console.WriteLine($"colour classes: the {saved.Count} of {path}");
            return saved;
        }

        var palette = ColourPalette.Fit(data.Train, options.NumColours, options.KMeansPixels, settings.Seed);
        Console.WriteLine($"colour classes: k-means over {palette.SampledPixels:N0} training pixels, {palette.Iterations} iterations → {palette.Save(run)}");
        return palette;
    }
}
