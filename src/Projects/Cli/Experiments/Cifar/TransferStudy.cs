using IlgpuNet.Cli.Experiments.Training;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;

namespace IlgpuNet.Cli.Experiments.Cifar;

/// <summary>
/// Transfer learning with ResNet18, as the course does it: every layer frozen except layer4 and a new fc, Adam 5e-4,
/// batch 32, ImageNet normalisation, images resized to <see cref="CifarOptions.TransferSize"/>. ImageNet weights are
/// not reachable here, so unless a torchvision checkpoint is given the network is first pretrained on the main data set
/// (source) and then fine-tuned on MNIST digits (target), beside the same network trained from scratch on the same
/// few target images. With <see cref="CifarOptions.Pretrained"/> the torchvision weights are the source and the main
/// data set is the target.
/// </summary>
public sealed class TransferStudy(RunSettings settings, CifarOptions options, CifarData data)
{
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public sealed record Result(StageResult? Source, StageResult FineTuned, StageResult Scratch, string TargetName, IReadOnlyList<string> TargetClasses, ResNet FineTunedModel, IDataset<LabeledImage> TargetTest, long FineTunedTrainable, long ScratchTrainable);

    public Result Run(RunFolder run, int stageSeed)
    {
        StageResult? source = null;
        IReadOnlyDictionary<string, Tensor> pretrained;
        if (options.Pretrained is { } path)
        {
            pretrained = TorchvisionWeights(path);
        }
        else
        {
            var (sourceTrain, sourceValidation) = DatasetSubset<LabeledImage>.RandomSplit(data.Train, options.PretrainCount, Math.Max(1, options.PretrainCount / 6), settings.Seed + 11);
            Tensor.ManualSeed(settings.Seed + (ulong)stageSeed);
            var sourceValidationData = Resized(sourceValidation);
            var sourceModel = ResNet.ResNet18(numClasses: data.ClassNames.Count);
            source = new TrainingStage("resnet18-source", sourceModel, new Adam(sourceModel.Parameters(), 1e-3))
            {
                Device = settings.Device,
                Train = Resized(sourceTrain),
                Validation = sourceValidationData,
                Epochs = options.TransferEpochs,
                BatchSize = 64,
                FinalSplits = new Dictionary<string, ClassificationData> { ["val"] = sourceValidationData },
            }.Run(run, settings.Resume);
            pretrained = sourceModel.StateDict();
        }

        var (target, targetName, targetClasses) = Target();
        int validationCount = Math.Max(1, options.TargetTrainCount / 2);
        var order = DatasetSubset<LabeledImage>.RandomSplit(target, options.TargetTrainCount + validationCount, Math.Min(options.TargetTestCount, target.Count - options.TargetTrainCount - validationCount), settings.Seed + 12);
        var targetTrain = new DatasetSubset<LabeledImage>(order.Train, Enumerable.Range(0, options.TargetTrainCount));
        var targetValidation = new DatasetSubset<LabeledImage>(order.Train, Enumerable.Range(options.TargetTrainCount, validationCount));
        var targetTest = order.Validation;
        var splits = new Dictionary<string, ClassificationData> { ["train"] = Resized(targetTrain), ["val"] = Resized(targetValidation), ["test"] = Resized(targetTest) };

        Tensor.ManualSeed(settings.Seed + (ulong)stageSeed + 1);
        var fineTuned = ResNet.ResNet18(numClasses: targetClasses.Count);
        var loaded = fineTuned.LoadStateDict(pretrained.Where(p => !p.Key.StartsWith("fc.", StringComparison.Ordinal)).ToDictionary(), strict: false);
        if (loaded.UnexpectedKeys.Count > 0 || loaded.ShapeMismatches.Count > 0 || loaded.MissingKeys.Any(k => !k.StartsWith("fc.", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"the pretrained weights do not fit ResNet18 apart from its fc: {loaded}");
        }

        fineTuned.RequiresGrad(false);
        fineTuned.GetSubmodule("layer4").RequiresGrad(true);
        fineTuned.GetSubmodule("fc").RequiresGrad(true);
        var fineTunedStage = TargetStage("resnet18-finetune", fineTuned, fineTuned.Parameters().Where(p => p.RequiresGrad), splits).Run(run, settings.Resume);

        Tensor.ManualSeed(settings.Seed + (ulong)stageSeed + 2);
        var scratch = ResNet.ResNet18(numClasses: targetClasses.Count);
        var scratchStage = TargetStage("resnet18-scratch", scratch, scratch.Parameters(), splits).Run(run, settings.Resume);
        return new Result(source, fineTunedStage, scratchStage, targetName, targetClasses, fineTuned, targetTest,
            fineTuned.ParameterCount(trainableOnly: true), scratch.ParameterCount(trainableOnly: true));
    }

    private TrainingStage TargetStage(string name, ResNet model, IEnumerable<Tensor> trainable, Dictionary<string, ClassificationData> splits) =>
        new(name, model, new Adam(trainable, 5e-4))
        {
            Device = settings.Device,
            Train = splits["train"],
            Validation = splits["val"],
            Epochs = options.TransferEpochs,
            BatchSize = 32,
            FinalSplits = splits,
        };

    private (IDataset<LabeledImage> Images, string Name, IReadOnlyList<string> Classes) Target()
    {
        if (options.Pretrained != null)
        {
            return (data.Train, data.Name, data.ClassNames);
        }

        string mnist = new DatasetLocator(settings.DataDirectory).Locate("mnist");
        var digits = CifarData.AsCifarShape(IdxDataset.OpenSplit(mnist, train: false));
        return (digits, "MNIST t10k (digits, 28×28 gray padded to 32×32 RGB)", Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Resized once, kept in memory, ImageNet-normalised.</summary>
    private ClassificationData Resized(IDataset<LabeledImage> images) =>
        new(new MaterializedDataset<LabeledImage>(new MappedDataset<LabeledImage, LabeledImage>(images,
            sample => sample with { Image = ImageResize.Resize(sample.Image, options.TransferSize, options.TransferSize, ResizeMethod.Bilinear) })),
            ImageNetMean, ImageNetStd, seed: settings.Seed);

    /// <summary>A torchvision resnet18 state dict (e.g. resnet18-f37072fd.pth); its 1000-class fc is dropped by the caller.</summary>
    private static IReadOnlyDictionary<string, Tensor> TorchvisionWeights(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--pretrained {path}: no such file (expected torchvision's resnet18-f37072fd.pth)");
        }

        var weights = PthReader.ReadStateDict(path);
        if (!weights.ContainsKey("layer4.1.conv2.weight"))
        {
            throw new InvalidDataException($"--pretrained {path}: not a ResNet18 state dict (no layer4.1.conv2.weight)");
        }

        return weights;
    }
}
