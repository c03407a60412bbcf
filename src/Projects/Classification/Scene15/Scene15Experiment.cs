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

namespace IlgpuNet.Classification.Scene15;

/// <summary>
/// Scene recognition on the 15-Scene data set, as the course's project does it: SimpleNet from scratch, then its
/// improvements one at a time (flip jitter, zero-centring and normalisation, dropout), then a deeper network with
/// batch norm; top-1 and top-5 accuracy per epoch. Part 2 fine-tunes a network pretrained elsewhere: torchvision's
/// AlexNet when its ImageNet weights are given, otherwise a ResNet18 this runner pretrains on Fashion-MNIST (labelled
/// as such) beside the same ResNet18 from scratch. Every model is a resumable <see cref="TrainingStage"/>.
/// </summary>
public sealed class Scene15Experiment(RunSettings settings, Scene15Options options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/scene15.md).</summary>
    public const string DefaultDuration = "about 18 minutes";

    public const string AlexNetFile = "alexnet-owt-7be5be79.pth";

    public const int TopK = 5;

    /// <summary>A trained model with how it is described in the report.</summary>
    public sealed record ModelResult(string Label, string Description, StageResult Stage, long Parameters);

    /// <summary>The transfer part: the source pretraining here (null with torchvision weights) and the fine-tuned and scratch targets.</summary>
    public sealed record TransferResult(StageResult? Source, ModelResult FineTuned, ModelResult? Scratch, string SourceDescription);

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var alexNetWeights = options.Pretrained is { } path && !options.SkipTransfer ? PretrainedWeights.ReadTorchvision(path, options.StripPrefix, AlexNetFile, "features.10.weight") : null;
        string root = new DatasetLocator(settings.DataDirectory).Locate("scene15");
        if (!options.SkipTransfer && alexNetWeights == null)
        {
            // the transfer study pretrains on Fashion-MNIST after every other model: a missing copy stops the run now
            new DatasetLocator(settings.DataDirectory).Locate(CifarData.FashionMnist);
        }

        var run = RunFolder.Create(settings.OutDirectory);
        new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs).Add("--data", root)
            .Add("--val-per-class", options.ValidationPerClass).Add("--image-size", options.ImageSize).Add("--batch-size", options.BatchSize)
            .Add("--simple-lr", options.SimpleLearningRate).Add("--lr", options.LearningRate).Add("--skip-transfer", options.SkipTransfer)
            .Add("--transfer-epochs", options.TransferEpochs).Add("--transfer-size", options.TransferSize).Add("--pretrain-count", options.PretrainCount)
            .Add("--pretrained", options.Pretrained == null ? null : Path.GetFullPath(options.Pretrained))
            .CheckAndRecord(run.Root, settings);
        run.WriteConfig(new { experiment = "scene15", options, settings.Epochs, settings.Seed, device = settings.Device.ToString(), data = root });
        Console.WriteLine($"scene15: {root}; the default configuration takes {DefaultDuration} on a 2-core CPU");

        var (train, test) = ImageFolderSplit.LoadTrainTest(root, options.ImageSize, channels: 1, settings.SkippedImages);
        var (trainIndices, validationIndices) = DatasetSubset<LabeledImage>.StratifiedIndices(Labels(train.Images), options.ValidationPerClass, settings.Seed);
        var trainImages = new DatasetSubset<LabeledImage>(train.Images, trainIndices);
        var validationImages = new DatasetSubset<LabeledImage>(train.Images, validationIndices);
        Console.WriteLine($"scene15: {trainImages.Count} training, {validationImages.Count} validation, {test.Images.Count} test images of {train.Classes.Count} classes");
        var (mean, std) = ChannelStatistics.Of(trainImages);
        var raw = Splits(trainImages, validationImages, test.Images, [0f], [1f]);
        var normalised = Splits(trainImages, validationImages, test.Images, mean, std);
        int classes = train.Classes.Count;
        var flip = new RandomHorizontalFlip();

        string summary = Summary.Create(SimpleNet.Create(classes), 1, options.ImageSize, options.ImageSize);
        Console.WriteLine(summary);
        var models = new List<ModelResult>
        {
            Simple("simplenet", "SimpleNet", "the course's network as it is: inputs in [0, 1], no augmentation", () => SimpleNet.Create(classes), raw, null, 1),
            Simple("simplenet-jitter", "+ flip jitter", "random horizontal flips of the training images", () => SimpleNet.Create(classes), raw, flip, 2),
            Simple("simplenet-normalised", "+ zero-centring and normalisation", "inputs shifted by the training images' mean and divided by their std", () => SimpleNet.Create(classes), normalised, flip, 3),
            Simple("simplenet-dropout", "+ dropout", "dropout 0.5 before the last convolution", () => SimpleNet.Create(classes, dropout: 0.5), normalised, flip, 4),
        };

        Tensor.ManualSeed(settings.Seed + 5);
        var deepModel = SceneCnn.Create(1, classes);
        var deepOptimizer = new Adam(deepModel.Parameters(), options.LearningRate);
        var jitter = new Compose(new RandomResizedCrop(options.ImageSize, options.ImageSize, minScale: 0.6), flip);
        var deep = Stage("scenecnn", deepModel, deepOptimizer, new CosineAnnealingLR(deepOptimizer, settings.Epochs), normalised, jitter);
        models.Add(new ModelResult("deeper + batch norm", "four conv-BN-ReLU-pool blocks, global average pooling, dropout 0.5, random resized crops (60–100% of the area) and flips, Adam with a cosine schedule", deep, deepModel.ParameterCount()));

        TransferResult? transfer = options.SkipTransfer ? null : Transfer(run, root, trainIndices, validationIndices, classes, alexNetWeights);

        new Scene15Report(run, options, settings, train.Classes).Write(summary, models, transfer, trainImages.Count, validationImages.Count, test.Images.Count, started, clock.Elapsed);
        run.WriteSummary(new
        {
            models = models.Concat(transfer == null ? [] : new[] { transfer.FineTuned, transfer.Scratch }.OfType<ModelResult>()).ToDictionary(m => m.Stage.Summary.Name, m => new
            {
                train_accuracy = m.Stage["train"].Accuracy,
                val_accuracy = m.Stage["val"].Accuracy,
                test_accuracy = m.Stage["test"].Accuracy,
                test_top5 = m.Stage["test"].TopK(TopK),
                seconds = m.Stage.Summary.TrainingSeconds,
            }),
            seconds = clock.Elapsed.TotalSeconds,
        });
        foreach (var m in models.Concat(transfer == null ? [] : new[] { transfer.FineTuned, transfer.Scratch }.OfType<ModelResult>()))
        {
            Console.WriteLine($"{m.Label}: test top-1 {m.Stage["test"].Accuracy:P2}, top-{TopK} {m.Stage["test"].TopK(TopK):P2}");
        }

        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    private ModelResult Simple(string name, string label, string description, Func<Sequential> create, Dictionary<string, ClassificationData> splits, IImageTransform? augmentation, int seedOffset)
    {
        Tensor.ManualSeed(settings.Seed + (ulong)seedOffset); // before the model is built: each variant has its own reproducible init
        var model = create();
        var stage = Stage(name, model, new Adam(model.Parameters(), options.SimpleLearningRate), null, splits, augmentation);
        return new ModelResult(label, description, stage, model.ParameterCount());
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
            TopK = TopK,
            FinalSplits = splits,
        }.Run(RunFolder.Create(settings.OutDirectory), settings.Resume);
    }

    /// <summary>
    /// Fine-tunes torchvision's AlexNet (classifier trainable, features frozen) when --pretrained is given; otherwise
    /// pretrains a ResNet18 on Fashion-MNIST here and fine-tunes layer4 + a new fc, beside the same ResNet18 from scratch.
    /// </summary>
    private TransferResult Transfer(RunFolder run, string root, int[] trainIndices, int[] validationIndices, int classes, IReadOnlyDictionary<string, Tensor>? alexNetWeights)
    {
        var transfer = new ResNetTransfer(settings, options.TransferSize);
        var (train, test) = ImageFolderSplit.LoadTrainTest(root, options.TransferSize, channels: 3, settings.SkippedImages);
        var flip = new RandomHorizontalFlip();
        var splits = new Dictionary<string, ClassificationData>
        {
            ["train"] = transfer.Resized(new DatasetSubset<LabeledImage>(train.Images, trainIndices), flip),
            ["val"] = transfer.Resized(new DatasetSubset<LabeledImage>(train.Images, validationIndices)),
            ["test"] = transfer.Resized(test.Images),
        };
        if (alexNetWeights is { } weights)
        {
            Tensor.ManualSeed(settings.Seed + 21);
            var alexNet = new AlexNet(classes);
            PretrainedWeights.LoadExceptHead(alexNet, weights, "classifier.6.");
            var trainable = PretrainedWeights.TrainOnly(alexNet, "classifier");
            var stage = transfer.TargetStage("alexnet-finetune", alexNet, trainable, splits, options.TransferEpochs, TopK).Run(run, settings.Resume);
            return new TransferResult(null, new ModelResult("AlexNet, ImageNet weights, classifier fine-tuned", "torchvision's AlexNet with a new 15-way last layer; features frozen, the three classifier layers trained", stage, trainable.Sum(p => (long)p.Numel)), null,
                $"torchvision's ImageNet AlexNet (`{Path.GetFileName(options.Pretrained)}`)");
        }

        var fashion = CifarData.Load(CifarData.FashionMnist, settings.DataDirectory);
        var (source, pretrained) = transfer.Pretrain(run, fashion.Train, options.PretrainCount, fashion.ClassNames.Count, options.TransferEpochs, settings.Seed + 20);
        Tensor.ManualSeed(settings.Seed + 21);
        var (fineTuned, fineTunedTrainable) = ResNetTransfer.FromPretrained(pretrained, classes, "layer4", "fc");
        var fineTunedStage = transfer.TargetStage("resnet18-finetune", fineTuned, fineTunedTrainable, splits, options.TransferEpochs, TopK).Run(run, settings.Resume);
        Tensor.ManualSeed(settings.Seed + 22);
        var scratch = ResNet.ResNet18(numClasses: classes);
        var scratchStage = transfer.TargetStage("resnet18-scratch", scratch, scratch.Parameters(), splits, options.TransferEpochs, TopK).Run(run, settings.Resume);
        return new TransferResult(source,
            new ModelResult("ResNet18 pretrained here on Fashion-MNIST, layer4 + fc fine-tuned", "all but layer4 and a new fc frozen", fineTunedStage, fineTuned.ParameterCount(trainableOnly: true)),
            new ModelResult("ResNet18 from scratch", "the same network, every layer trained on the scene images alone", scratchStage, scratch.ParameterCount()),
            $"a ResNet18 pretrained here on {options.PretrainCount:N0} Fashion-MNIST images ({options.TransferEpochs} epochs, Adam 1e-3; validation accuracy {ReportFormat.Pct(source["val"].Accuracy)}) — **not ImageNet weights**");
    }

    private Dictionary<string, ClassificationData> Splits(IDataset<LabeledImage> train, IDataset<LabeledImage> validation, IDataset<LabeledImage> test, float[] mean, float[] std) => new()
    {
        ["train"] = new(train, mean, std, seed: settings.Seed),
        ["val"] = new(validation, mean, std, seed: settings.Seed),
        ["test"] = new(test, mean, std, seed: settings.Seed),
    };

    private static int[] Labels(IDataset<LabeledImage> images) => Enumerable.Range(0, images.Count).Select(i => images[i].Label).ToArray();
}
