using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Loading;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Transfer;

/// <summary>
/// Transfer learning on any ImageFolder data set (15-Scene by default): the seven <see cref="TransferModels"/> trained
/// as resumable stages with per-iteration losses; test-time augmentation and an ensemble of the best; for the best
/// model and the best of the other architecture, example images, confusion matrices, saliency maps and Grad-CAM;
/// finally the best model, chosen on validation, on the test set.
/// </summary>
public sealed class TransferExperiment(RunSettings settings, TransferOptions options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/transfer.md).</summary>
    public const string DefaultDuration = "about 12 minutes";

    /// <summary>A trained configuration with its validation predictions, as the images are and under test-time augmentation.</summary>
    public sealed record TrainedModel(TransferModel Config, StageResult Stage, Module Model, string CamLayer, long Trainable, Predictions Validation, Predictions ValidationTta);

    /// <summary>Everything the report shows about the test set: the chosen model alone, with TTA, and the ensemble.</summary>
    public sealed record TestResult(TrainedModel Best, Evaluation Plain, Evaluation Tta, Evaluation Ensemble);

    public sealed record Study(string DatasetRoot, IReadOnlyList<string> Classes, int TrainCount, int ValidationCount, int TestCount, StageResult? Source, string SourceDescription,
        IReadOnlyList<TrainedModel> Models, IReadOnlyList<TrainedModel> EnsembleMembers, Evaluation EnsembleValidation, TestResult Test, IReadOnlyList<string> TtaViews);

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var torchvision = options.Pretrained is { } path ? ResNetTransfer.ReadTorchvision(path, options.StripPrefix) : null;
        string root = options.Dataset ?? new DatasetLocator(settings.DataDirectory).Locate("scene15");
        var run = RunFolder.Create(settings.OutDirectory);
        new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs).Add("--dataset", Path.GetFullPath(root))
            .Add("--data", settings.DataDirectory == null ? null : Path.GetFullPath(settings.DataDirectory))
            .Add("--val-per-class", options.ValidationPerClass).Add("--image-size", options.ImageSize).Add("--batch-size", options.BatchSize)
            .Add("--pretrain-count", options.PretrainCount).Add("--pretrain-epochs", options.PretrainEpochs)
            .Add("--pretrained", options.Pretrained == null ? null : Path.GetFullPath(options.Pretrained)).Add("--ensemble", options.EnsembleSize)
            .CheckAndRecord(run.Root, settings);
        run.WriteConfig(new { experiment = "transfer", options, settings.Epochs, settings.Seed, device = settings.Device.ToString(), dataset = root });
        Console.WriteLine($"transfer: {root}; the default configuration takes {DefaultDuration} on a 2-core CPU");

        var (train, test) = ImageFolderSplit.LoadTrainTest(root, options.ImageSize, channels: 3, settings.SkippedImages);
        var labels = Enumerable.Range(0, train.Images.Count).Select(i => train.Images[i].Label).ToArray();
        var (trainIndices, validationIndices) = DatasetSubset<LabeledImage>.StratifiedIndices(labels, options.ValidationPerClass, settings.Seed);
        var splits = new Dictionary<string, ClassificationData>
        {
            ["train"] = Normalised(new DatasetSubset<LabeledImage>(train.Images, trainIndices)),
            ["val"] = Normalised(new DatasetSubset<LabeledImage>(train.Images, validationIndices)),
        };
        var testData = Normalised(test.Images);
        int classes = train.Classes.Count;
        Console.WriteLine($"transfer: {trainIndices.Length} training, {validationIndices.Length} validation, {test.Images.Count} test images of {classes} classes");

        StageResult? source = null;
        string sourceDescription;
        IReadOnlyDictionary<string, Tensor> weights;
        if (torchvision != null)
        {
            weights = torchvision;
            sourceDescription = $"torchvision's ImageNet ResNet18 (`{Path.GetFileName(options.Pretrained)}`)";
        }
        else
        {
            var fashion = CifarData.Load(CifarData.FashionMnist, settings.DataDirectory);
            (source, weights) = new ResNetTransfer(settings, options.ImageSize).Pretrain(run, fashion.Train, options.PretrainCount, fashion.ClassNames.Count, options.PretrainEpochs, settings.Seed + 20);
            sourceDescription = $"a ResNet18 pretrained here on {options.PretrainCount:N0} Fashion-MNIST images for {options.PretrainEpochs} epochs (validation accuracy {ReportFormat.Pct(source["val"].Accuracy)}) — **not ImageNet weights**";
        }

        var augmentation = new Compose(new RandomResizedCrop(options.ImageSize, options.ImageSize, minScale: 0.6), new RandomHorizontalFlip());
        var (views, viewNames) = TtaViews();
        var configurations = TransferModels.All(torchvision != null ? "ImageNet (torchvision)" : "pretrained here (Fashion-MNIST)");
        var models = new List<TrainedModel>();
        for (int i = 0; i < configurations.Count; i++)
        {
            var config = configurations[i];
            Tensor.ManualSeed(settings.Seed + 30 + (ulong)i);
            var (model, trainable, camLayer) = config.Build(weights, classes);
            var (optimizer, scheduler) = config.Optimize(trainable, settings.Epochs);
            var stage = new TrainingStage(config.Name, model, optimizer, scheduler)
            {
                Device = settings.Device,
                Train = splits["train"].WithAugmentation(config.Augmented ? augmentation : null),
                Validation = splits["val"],
                Epochs = settings.Epochs,
                BatchSize = options.BatchSize,
                LogIterations = true,
                FinalSplits = splits,
            }.Run(run, settings.Resume);
            models.Add(new TrainedModel(config, stage, model, camLayer, trainable.Sum(p => (long)p.Numel),
                Predictions.Of(model, splits["val"]), Predictions.WithViews(model, splits["val"], views)));
        }

        var ranked = models.OrderByDescending(m => m.Stage["val"].Accuracy).ThenBy(m => m.Stage["val"].Loss).ToList();
        var members = ranked.Take(Math.Clamp(options.EnsembleSize, 1, ranked.Count)).ToList();
        var ensembleValidation = Predictions.Average(members.Select(m => m.ValidationTta).ToList()).Evaluate();
        var best = ranked[0];
        Console.WriteLine($"transfer: best on validation {best.Config.Name} ({best.Stage["val"].Accuracy:P2}); evaluating it on the test set");
        var testResult = new TestResult(best,
            Predictions.Of(best.Model, testData).Evaluate(),
            Predictions.WithViews(best.Model, testData, views).Evaluate(),
            Predictions.Average(members.Select(m => Predictions.WithViews(m.Model, testData, views)).ToList()).Evaluate());

        var study = new Study(root, train.Classes, trainIndices.Length, validationIndices.Length, test.Images.Count, source, sourceDescription, models, members, ensembleValidation, testResult, viewNames);
        var other = ranked.First(m => m.Config.Family != best.Config.Family);
        new TransferReport(run, options, settings, study).Write([best, other], splits["val"], started, clock.Elapsed);
        run.WriteSummary(new
        {
            models = models.ToDictionary(m => m.Config.Name, m => new
            {
                train_accuracy = m.Stage["train"].Accuracy,
                val_accuracy = m.Stage["val"].Accuracy,
                val_accuracy_tta = m.ValidationTta.Evaluate().Accuracy,
                seconds = m.Stage.Summary.TrainingSeconds,
            }),
            ensemble = members.Select(m => m.Config.Name).ToArray(),
            ensemble_val_accuracy = ensembleValidation.Accuracy,
            best = best.Config.Name,
            best_test_accuracy = testResult.Plain.Accuracy,
            best_test_accuracy_tta = testResult.Tta.Accuracy,
            ensemble_test_accuracy = testResult.Ensemble.Accuracy,
            seconds = clock.Elapsed.TotalSeconds,
        });
        foreach (var m in models)
        {
            Console.WriteLine($"{m.Config.Name}: train {m.Stage["train"].Accuracy:P2}, val {m.Stage["val"].Accuracy:P2}, val with TTA {m.ValidationTta.Evaluate().Accuracy:P2}");
        }

        Console.WriteLine($"ensemble of {string.Join(" + ", members.Select(m => m.Config.Name))}: val {ensembleValidation.Accuracy:P2}, test {testResult.Ensemble.Accuracy:P2}");
        Console.WriteLine($"best ({best.Config.Name}) on test: {testResult.Plain.Accuracy:P2}, with TTA {testResult.Tta.Accuracy:P2}");
        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    /// <summary>The views test-time augmentation averages: the image, its mirror, a centre crop of 7/8 the side scaled back up, and that crop's mirror.</summary>
    private (IReadOnlyList<IImageTransform?> Views, IReadOnlyList<string> Names) TtaViews()
    {
        int side = options.ImageSize, crop = side * 7 / 8;
        var mirror = new RandomHorizontalFlip(1.0);
        var zoom = new Compose(new CenterCrop(crop, crop), new ResizeTo(side, side));
        return ([null, mirror, zoom, new Compose(zoom, mirror)], ["as is", "mirrored", $"centre {crop}×{crop} crop resized to {side}×{side}", "that crop mirrored"]);
    }

    private ClassificationData Normalised(IDataset<LabeledImage> images) => new(images, ResNetTransfer.ImageNetMean, ResNetTransfer.ImageNetStd, seed: settings.Seed);

    /// <summary>A normalised batch of the given samples (for attribution).</summary>
    public static Tensor Batch(ClassificationData data, IReadOnlyList<int> indices) =>
        ImageBatch.Collate(indices.Select(i => data.Samples[i]).ToList(), data.Mean, data.Std).Images;
}
