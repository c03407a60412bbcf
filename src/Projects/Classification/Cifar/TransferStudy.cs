using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Layers.Models;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Cifar;

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
    public sealed record Result(StageResult? Source, StageResult FineTuned, StageResult Scratch, string TargetName, IReadOnlyList<string> TargetClasses, ResNet FineTunedModel, IDataset<LabeledImage> TargetTest, long FineTunedTrainable, long ScratchTrainable);

    /// <param name="torchvision">The --pretrained weights, read before any training; null: pretrain a source network here.</param>
    public Result Run(RunFolder run, IReadOnlyDictionary<string, Tensor>? torchvision, int stageSeed)
    {
        var transfer = new ResNetTransfer(settings, options.TransferSize);
        StageResult? source = null;
        IReadOnlyDictionary<string, Tensor> pretrained;
        if (torchvision != null)
        {
            pretrained = torchvision;
        }
        else
        {
            (source, pretrained) = transfer.Pretrain(run, data.Train, options.PretrainCount, data.ClassNames.Count, options.TransferEpochs, settings.Seed + (ulong)stageSeed);
        }

        var (target, targetName, targetClasses) = Target();
        int validationCount = Math.Max(1, options.TargetTrainCount / 2);
        var order = DatasetSubset<LabeledImage>.RandomSplit(target, options.TargetTrainCount + validationCount, Math.Min(options.TargetTestCount, target.Count - options.TargetTrainCount - validationCount), settings.Seed + 12);
        var targetTrain = new DatasetSubset<LabeledImage>(order.Train, Enumerable.Range(0, options.TargetTrainCount));
        var targetValidation = new DatasetSubset<LabeledImage>(order.Train, Enumerable.Range(options.TargetTrainCount, validationCount));
        var targetTest = order.Validation;
        var splits = new Dictionary<string, ClassificationData> { ["train"] = transfer.Resized(targetTrain), ["val"] = transfer.Resized(targetValidation), ["test"] = transfer.Resized(targetTest) };

        Tensor.ManualSeed(settings.Seed + (ulong)stageSeed + 1);
        var (fineTuned, trainable) = ResNetTransfer.FromPretrained(pretrained, targetClasses.Count, "layer4", "fc");
        var fineTunedStage = transfer.TargetStage("resnet18-finetune", fineTuned, trainable, splits, options.TransferEpochs).Run(run, settings.Resume);

        Tensor.ManualSeed(settings.Seed + (ulong)stageSeed + 2);
        var scratch = ResNet.ResNet18(numClasses: targetClasses.Count);
        var scratchStage = transfer.TargetStage("resnet18-scratch", scratch, scratch.Parameters(), splits, options.TransferEpochs).Run(run, settings.Resume);
        return new Result(source, fineTunedStage, scratchStage, targetName, targetClasses, fineTuned, targetTest,
            fineTuned.ParameterCount(trainableOnly: true), scratch.ParameterCount(trainableOnly: true));
    }

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
}
