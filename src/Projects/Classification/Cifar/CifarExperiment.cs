using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Cifar;

/// <summary>
/// The image-classification project: the Table-2 baseline with a validation split and early stopping; two improved
/// models (batch norm; then deeper conv-conv-pool blocks with augmentation and a cosine schedule); transfer learning
/// with ResNet18; and a look at its filters and activations. Every model trains as a resumable
/// <see cref="TrainingStage"/> in stages/NAME; report.html and results.md show them all.
/// </summary>
public sealed class CifarExperiment(RunSettings settings, CifarOptions options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/cifar.md).</summary>
    public const string DefaultDuration = "about 15 minutes";

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var pretrained = options.Pretrained is { } path && !options.SkipTransfer ? ResNetTransfer.ReadTorchvision(path, options.StripPrefix) : null; // before any training: a bad file fails now
        var data = CifarData.Load(options.Dataset, settings.DataDirectory);
        var run = RunFolder.Create(settings.OutDirectory);
        new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs).Add("--data", settings.DataDirectory == null ? null : Path.GetFullPath(settings.DataDirectory))
            .Add("--dataset", options.Dataset).Add("--train-count", options.TrainCount).Add("--val-count", options.ValidationCount).Add("--test-count", options.TestCount)
            .Add("--batch-size", options.BatchSize).Add("--lr", options.LearningRate).Add("--patience", options.Patience).Add("--skip-transfer", options.SkipTransfer)
            .Add("--transfer-size", options.TransferSize).Add("--transfer-epochs", options.TransferEpochs).Add("--pretrain-count", options.PretrainCount)
            .Add("--target-train-count", options.TargetTrainCount).Add("--target-test-count", options.TargetTestCount).Add("--pretrained", Absolute(options.Pretrained))
            .CheckAndRecord(run.Root, settings);
        run.WriteConfig(new { experiment = "cifar", options, settings.Epochs, settings.Seed, device = settings.Device.ToString(), data = data.Name });
        Console.WriteLine($"cifar: {data.Name}; the default configuration takes {DefaultDuration} on a 2-core CPU");

        var (trainImages, validationImages) = DatasetSubset<LabeledImage>.RandomSplit(data.Train, options.TrainCount, options.ValidationCount, settings.Seed);
        var train = new MaterializedDataset<LabeledImage>(trainImages);
        var validation = new MaterializedDataset<LabeledImage>(validationImages);
        IDataset<LabeledImage> test = options.TestCount is int n ? new DatasetPrefix<LabeledImage>(data.Test, n) : data.Test;
        var (mean, std) = ChannelStatistics.Of(train);
        var splits = new Dictionary<string, ClassificationData>
        {
            ["train"] = new(train, mean, std, seed: settings.Seed),
            ["val"] = new(validation, mean, std, seed: settings.Seed),
            ["test"] = new(test, mean, std, seed: settings.Seed),
        };
        var augmentation = new Compose(new RandomCrop(32, 32, padding: 4), new RandomHorizontalFlip());

        Tensor.ManualSeed(settings.Seed + 1);
        var baselineModel = Table2Cnn.Create();
        string summary = Summary.Create(baselineModel, 3, 32, 32);
        Console.WriteLine(summary);
        var baseline = Stage("baseline", baselineModel, new Adam(baselineModel.Parameters(), options.LearningRate), null, splits, null);

        Tensor.ManualSeed(settings.Seed + 2);
        var batchNormModel = Table2Cnn.Create(batchNorm: true);
        var batchNorm = Stage("batchnorm", batchNormModel, new Adam(batchNormModel.Parameters(), options.LearningRate), null, splits, null);

        Tensor.ManualSeed(settings.Seed + 3);
        var deepModel = ImprovedCnns.ConvConvPool();
        var deepOptimizer = new Adam(deepModel.Parameters(), options.LearningRate);
        var deep = Stage("deep-augmented", deepModel, deepOptimizer, new CosineAnnealingLR(deepOptimizer, settings.Epochs), splits, augmentation);

        TransferStudy.Result? transfer = null;
        FilterStudy.Figures? filters = null;
        if (!options.SkipTransfer)
        {
            transfer = new TransferStudy(settings, options, data).Run(run, pretrained, stageSeed: 10);
            filters = FilterStudy.Render(run, transfer.FineTunedModel, transfer.TargetTest[0]);
        }

        var report = new CifarReport(run, data, options, settings);
        report.Write(summary, baselineModel.ParameterCount(), baseline, [("batch norm", batchNorm, batchNormModel.ParameterCount()), ("deeper + augmentation + cosine", deep, deepModel.ParameterCount())], transfer, filters, started, clock.Elapsed);
        run.WriteSummary(new
        {
            dataset = data.Name,
            baseline_test_accuracy = baseline["test"].Accuracy,
            batchnorm_test_accuracy = batchNorm["test"].Accuracy,
            deep_test_accuracy = deep["test"].Accuracy,
            transfer_finetuned_test_accuracy = transfer?.FineTuned["test"].Accuracy,
            transfer_scratch_test_accuracy = transfer?.Scratch["test"].Accuracy,
            seconds = clock.Elapsed.TotalSeconds,
        });
        Console.WriteLine($"test accuracy: baseline {baseline["test"].Accuracy:P2}, batch norm {batchNorm["test"].Accuracy:P2}, deeper {deep["test"].Accuracy:P2}" +
            (transfer == null ? "" : $"; transfer {transfer.FineTuned["test"].Accuracy:P2} vs scratch {transfer.Scratch["test"].Accuracy:P2}"));
        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    private StageResult Stage(string name, Module model, Optimizer optimizer, LRScheduler? scheduler, Dictionary<string, ClassificationData> splits, IImageTransform? augmentation)
    {
        return new TrainingStage(name, model, optimizer, scheduler)
        {
            Device = settings.Device,
            Train = splits["train"].WithAugmentation(augmentation),
            Validation = splits["val"],
            Epochs = settings.Epochs,
            BatchSize = options.BatchSize,
            Patience = options.Patience,
            FinalSplits = splits,
        }.Run(RunFolder.Create(settings.OutDirectory), settings.Resume);
    }

    private static string? Absolute(string? path) => path == null ? null : Path.GetFullPath(path);
}
