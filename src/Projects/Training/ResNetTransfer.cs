using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;

namespace IlgpuNet.Training;

/// <summary>
/// ResNet18 transfer learning on square images of one side, ImageNet-normalised: pretraining a source network here
/// (ImageNet weights are not reachable on the development machines), and a target network that starts from the
/// source's weights with a new fc and only some layers trainable (Adam 5e-4, batch 32, as the course fine-tunes).
/// </summary>
public sealed class ResNetTransfer(RunSettings settings, int imageSize)
{
    public const string TorchvisionFile = "resnet18-f37072fd.pth";

    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public int ImageSize { get; } = imageSize;

    /// <summary>torchvision's ImageNet ResNet18 (the file <see cref="TorchvisionFile"/>); see <see cref="PretrainedWeights.ReadTorchvision"/> for FILE:KEY and the prefix.</summary>
    public static IReadOnlyDictionary<string, Tensor> ReadTorchvision(string pretrained, string? stripPrefix = null) =>
        PretrainedWeights.ReadTorchvision(pretrained, stripPrefix, TorchvisionFile, "layer4.1.conv2.weight");

    /// <summary>
    /// Trains a ResNet18 from scratch on <paramref name="count"/> source images (and a sixth as many for validation,
    /// both drawn with a seeded shuffle) as stage resnet18-source (Adam 1e-3, batch 64); returns it and its weights.
    /// </summary>
    public (StageResult Stage, IReadOnlyDictionary<string, Tensor> Weights) Pretrain(RunFolder run, IDataset<LabeledImage> source, int count, int classes, int epochs, ulong initSeed)
    {
        var (train, validation) = DatasetSubset<LabeledImage>.RandomSplit(source, count, Math.Max(1, count / 6), settings.Seed + 11);
        Tensor.ManualSeed(initSeed);
        var validationData = Resized(validation);
        var model = ResNet.ResNet18(numClasses: classes);
        var stage = new TrainingStage("resnet18-source", model, new Adam(model.Parameters(), 1e-3))
        {
            Device = settings.Device,
            Train = Resized(train),
            Validation = validationData,
            Epochs = epochs,
            BatchSize = 64,
            FinalSplits = new Dictionary<string, ClassificationData> { ["val"] = validationData },
        }.Run(run, settings.Resume);
        return (stage, model.StateDict());
    }

    /// <summary>A ResNet18 for <paramref name="classes"/> classes with the given weights except fc, trainable only in <paramref name="trainable"/>.</summary>
    public static (ResNet Model, IReadOnlyList<Tensor> Trainable) FromPretrained(IReadOnlyDictionary<string, Tensor> weights, int classes, params string[] trainable)
    {
        var model = ResNet.ResNet18(numClasses: classes);
        PretrainedWeights.LoadExceptHead(model, weights, "fc.");
        return (model, PretrainedWeights.TrainOnly(model, trainable));
    }

    /// <summary>The course's fine-tuning stage: Adam 5e-4 on the trainable parameters, batch 32, evaluated on every split at the end.</summary>
    public TrainingStage TargetStage(string name, Module model, IEnumerable<Tensor> trainable, IReadOnlyDictionary<string, ClassificationData> splits, int epochs, int? topK = null) =>
        new(name, model, new Adam(trainable, 5e-4))
        {
            TopK = topK,
            Device = settings.Device,
            Train = splits["train"],
            Validation = splits["val"],
            Epochs = epochs,
            BatchSize = 32,
            FinalSplits = splits,
        };

    /// <summary>Resized once to the transfer side (gray repeated to RGB), kept in memory, ImageNet-normalised.</summary>
    public ClassificationData Resized(IDataset<LabeledImage> images, IImageTransform? augmentation = null) =>
        new(new MaterializedDataset<LabeledImage>(new MappedDataset<LabeledImage, LabeledImage>(images,
            sample => sample with { Image = AsRgb(ImageResize.Resize(sample.Image, ImageSize, ImageSize, ResizeMethod.Bilinear)) })),
            ImageNetMean, ImageNetStd, augmentation, settings.Seed);

    private static Data.Imaging.ByteImage AsRgb(Data.Imaging.ByteImage image) => image.Channels == 3 ? image : image.ToRgb();
}
