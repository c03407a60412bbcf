using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// Object detection by frozen fine-tuning. No COCO-pretrained detector is reachable, so the run pretrains its own
/// <see cref="YoloDetector"/> on a generated set (Fashion-MNIST items and MNIST digits 0-4 pasted on crops of the BSD100
/// photographs), then fine-tunes it on a different small set (a few hundred images of the digits 5-9, never seen in
/// pretraining, pasted on 15-Scene crops) in four stages of the same budget: backbone frozen by parameter name,
/// backbone and neck frozen, everything trained, and the same detector trained from scratch. Each stage keeps its
/// epoch of best validation mAP@0.5:0.95 and is measured on the test split: mAP@0.5, mAP@0.5:0.95, per-class AP,
/// precision-recall curves and drawn predictions in report.html. Either set can be the user's own in YOLO's layout
/// (<see cref="YoloDataset"/>), and a detector of an earlier run can replace the pretraining.
/// </summary>
public sealed class DetectionExperiment(RunSettings settings, DetectionOptions options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/detection.md).</summary>
    public const string DefaultDuration = "about 1 hour";

    /// <summary>A finished fine-tuning stage (or the pretraining, measured on its own validation split) with its parameter counts.</summary>
    public sealed record StageOutcome(string Name, StageResult Stage, YoloDetector Model, DetectionEvaluation Test, long Frozen, long Trainable);

    private DetectionDecoder Decoder { get; } = new();

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var run = RunFolder.Create(settings.OutDirectory);
        var locator = new DatasetLocator(settings.DataDirectory);
        string pretrainSource = options.Pretrained is { } checkpoint ? $"checkpoint {Path.GetFullPath(checkpoint)}"
            : options.PretrainDataset is { } pretrainFolder ? Path.GetFullPath(pretrainFolder) : "generated: Fashion-MNIST and digits 0-4 on BSD100";
        string fineTuneSource = options.Dataset is { } fineTuneFolder ? Path.GetFullPath(fineTuneFolder) : "generated: digits 5-9 on 15-Scene";
        var config = new DetectionConfig("detect", options, settings.Epochs, settings.Seed, settings.Device.ToString(), pretrainSource, fineTuneSource);
        new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs)
            .Add("--data", FullPath(settings.DataDirectory))
            .Add("--pretrained", FullPath(options.Pretrained)).Add("--pretrain-dataset", FullPath(options.PretrainDataset)).Add("--dataset", FullPath(options.Dataset))
            .Add("--pretrain-epochs", options.PretrainEpochs).Add("--pretrain-train-count", options.PretrainTrainCount).Add("--pretrain-val-count", options.PretrainValCount)
            .Add("--train-count", options.TrainCount).Add("--val-count", options.ValCount).Add("--test-count", options.TestCount)
            .Add("--image-size", options.ImageSize).Add("--batch-size", options.BatchSize).Add("--lr", options.LearningRate)
            .Add("--label-smoothing", options.LabelSmoothing).Add("--no-augment", !options.Augment)
            .Add("--stages", string.Join(',', options.Stages), mayChange: true) // each stage trains on its own: adding one changes no other
            .Add("--draw-threshold", options.DrawThreshold, mayChange: true)
            .CheckAndRecord(run.Root, settings);
        run.WriteConfig(config);
        var readWeights = options.Pretrained is { } file ? ReadDetector(file) : null; // checked before any data is made
        var fineTuneSplits = options.Dataset is { } fineTuneRoot ? DetectionSplits.Open(Path.GetFullPath(fineTuneRoot), $"the YOLO data set in {Path.GetFullPath(fineTuneRoot)}")
            : SyntheticSets.FineTuning(Path.Combine(run.Root, "dataset", "finetune"), options, locator, settings.Seed);
        var train = Augmented(Data(fineTuneSplits.Train));
        var validation = Data(fineTuneSplits.Validation);
        var test = fineTuneSplits.Test is { } testSplit ? Data(testSplit) : validation;
        RequireObjects(fineTuneSplits.Validation, validation);
        Console.WriteLine($"detect: fine-tuning on {train.Count} + {validation.Count} images, testing on {test.Count} ({fineTuneSplits.ClassNames.Count} classes, {fineTuneSplits.Description}); " +
            $"the default configuration takes {DefaultDuration} on a 2-core CPU");

        var pretraining = readWeights == null ? Pretrain(run, locator) : null;
        var pretrainedWeights = readWeights ?? pretraining!.Model.StateDict();
        Tensor.ManualSeed(settings.Seed);
        string summary = Summary.Create(new YoloDetector(fineTuneSplits.ClassNames.Count), 3, options.ImageSize, options.ImageSize);

        var loss = new YoloLoss(fineTuneSplits.ClassNames.Count, labelSmoothing: options.LabelSmoothing);
        var outcomes = new List<StageOutcome>();
        foreach (var name in options.Stages)
        {
            Tensor.ManualSeed(settings.Seed + 1); // every stage's fresh layers start alike
            var model = new YoloDetector(fineTuneSplits.ClassNames.Count);
            if (FineTuning.StartsPretrained(name))
            {
                PretrainedWeights.LoadExceptHead(model, pretrainedWeights, FineTuning.PredictionLayer);
            }

            var trainable = PretrainedWeights.FreezeByPrefix(model, [.. FineTuning.FrozenPrefixes(name)]);
            long trainableCount = model.ParameterCount(trainableOnly: true);
            Console.WriteLine($"{name}: {FineTuning.Describe(name)}; {trainableCount:N0} of {model.ParameterCount():N0} parameters trained");
            var stage = Train(name, model, trainable, loss, train, validation, settings.Epochs);
            var evaluation = DetectorSteps.Evaluate(model, loss, test, Decoder);
            Console.WriteLine($"{name}: test mAP@0.5 {evaluation.Metrics.Map50:F3}, mAP@0.5:0.95 {evaluation.Metrics.Map:F3}");
            outcomes.Add(new StageOutcome(name, stage, model, evaluation, model.ParameterCount() - trainableCount, trainableCount));
        }

        var sets = new DetectionReport.Sets(pretraining?.Splits, fineTuneSplits, pretraining?.Train, train, test, fineTuneSplits.Test == null);
        new DetectionReport(run, settings, options, sets).Write(summary, pretraining?.Outcome, outcomes, started, clock.Elapsed);
        run.WriteSummary(new
        {
            pretrain = pretraining == null ? null : new
            {
                val_map50 = pretraining.Outcome.Test.Metrics.Map50,
                val_map = pretraining.Outcome.Test.Metrics.Map,
                seconds = pretraining.Outcome.Stage.Summary.TrainingSeconds,
            },
            finetune = outcomes.ToDictionary(o => o.Name, o => new
            {
                test_map50 = o.Test.Metrics.Map50,
                test_map = o.Test.Metrics.Map,
                test_ap50 = fineTuneSplits.ClassNames.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => o.Test.Metrics.Ap50(p.c)),
                kept_epoch = o.Stage.Summary.BestEpoch,
                frozen_parameters = o.Frozen,
                trained_parameters = o.Trainable,
                seconds = o.Stage.Summary.TrainingSeconds,
            }),
        });
        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    /// <summary>The pretraining of a run: its data set, its training batches and the finished stage.</summary>
    private sealed record Pretraining(DetectionSplits Splits, DetectionData Train, StageOutcome Outcome)
    {
        public YoloDetector Model => Outcome.Model;
    }

    // trains the detector on the pretraining set (generated, or the user's), measured on that set's validation split
    private Pretraining Pretrain(RunFolder run, DatasetLocator locator)
    {
        var splits = options.PretrainDataset is { } root ? DetectionSplits.Open(Path.GetFullPath(root), $"the YOLO data set in {Path.GetFullPath(root)}")
            : SyntheticSets.Pretraining(Path.Combine(run.Root, "dataset", "pretrain"), options, locator, settings.Seed);
        var train = Augmented(Data(splits.Train));
        var validation = Data(splits.Validation);
        RequireObjects(splits.Validation, validation);
        Console.WriteLine($"detect: pretraining on {train.Count} + {validation.Count} images ({splits.ClassNames.Count} classes, {splits.Description})");
        Tensor.ManualSeed(settings.Seed);
        var model = new YoloDetector(splits.ClassNames.Count);
        var loss = new YoloLoss(splits.ClassNames.Count, labelSmoothing: options.LabelSmoothing);
        var stage = Train("pretrain", model, model.Parameters().ToList(), loss, train, validation, options.PretrainEpochs);
        var outcome = new StageOutcome("pretrain", stage, model, DetectorSteps.Evaluate(model, loss, validation, Decoder), 0, model.ParameterCount());
        return new Pretraining(splits, train, outcome);
    }

    // the model weights of a detector checkpoint; LoadExceptHead checks later that they fit the detector
    private static IReadOnlyDictionary<string, Tensor> ReadDetector(string path)
    {
        var weights = Checkpoint.Load(path).Model;
        if (!weights.ContainsKey(FineTuning.PredictionLayer + "weight"))
        {
            throw new InvalidDataException($"--pretrained {path}: not a YoloDetector checkpoint (no {FineTuning.PredictionLayer}weight)");
        }

        return weights;
    }

    private DetectionData Augmented(DetectionData data)
        => options.Augment ? data.WithAugmentation(new RandomScaleTranslate(photometric: new ColorJitter(0.3f, 0.3f, 0.3f))) : data;

    private DetectionData Data(YoloDataset split) => new(split, options.ImageSize, ResNetTransfer.ImageNetMean, ResNetTransfer.ImageNetStd, settings.Seed);

    private StageResult Train(string name, YoloDetector model, IReadOnlyList<Tensor> trainable, YoloLoss loss, DetectionData train, DetectionData validation, int epochs)
    {
        var optimizer = new Adam(trainable, options.LearningRate);
        return new DetectionStage(name, model, optimizer, new CosineAnnealingLR(optimizer, epochs))
        {
            Device = settings.Device,
            Train = train,
            Validation = validation,
            Loss = loss,
            Epochs = epochs,
            BatchSize = options.BatchSize,
            Decoder = Decoder,
            LogIterations = true,
        }.Run(RunFolder.Create(settings.OutDirectory), settings.Resume);
    }

    private static string? FullPath(string? path) => path == null ? null : Path.GetFullPath(path);

    private static void RequireObjects(YoloDataset split, DetectionData data)
    {
        if (Enumerable.Range(0, data.Count).All(i => data.Samples[i].Boxes.Count == 0))
        {
            throw new InvalidDataException($"{Path.Combine(split.Root, "labels", split.Split)}: the {split.Split} split has no labelled object, so no average precision can be measured");
        }
    }
}
