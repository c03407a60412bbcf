using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Cifar;

/// <summary>The image-classification runner's own options (the common ones are in <see cref="RunSettings"/>).</summary>
public sealed record CifarOptions
{
    /// <summary>fashion-mnist (the stand-in) or cifar10.</summary>
    public string Dataset { get; init; } = CifarData.FashionMnist;

    /// <summary>Training images taken from the training split (the rest of it is not used).</summary>
    public int TrainCount { get; init; } = 10_000;

    /// <summary>Validation images, drawn from the training split, disjoint from the training images.</summary>
    public int ValidationCount { get; init; } = 2_000;

    /// <summary>Test images (the first ones of the test split); null for all.</summary>
    public int? TestCount { get; init; }

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Early-stopping patience of the baseline and the improved models, in epochs.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>Side the transfer-learning images are resized to (the course: 224, or 112 when too slow).</summary>
    public int TransferSize { get; init; } = 64;

    public int TransferEpochs { get; init; } = 3;

    /// <summary>Images of the main data set's training split the ResNet18 is pretrained on (without --pretrained).</summary>
    public int PretrainCount { get; init; } = 6_000;

    /// <summary>Target-set (MNIST t10k) images used to fine-tune and to train from scratch; as many again validate.</summary>
    public int TargetTrainCount { get; init; } = 1_000;

    /// <summary>Target-set images held out for the transfer test.</summary>
    public int TargetTestCount { get; init; } = 4_000;

    /// <summary>A torchvision resnet18 state dict (.pth) to start from instead of pretraining here.</summary>
    public string? Pretrained { get; init; }

    /// <summary>A prefix every key of <see cref="Pretrained"/> carries, stripped before loading ("module." of nn.DataParallel).</summary>
    public string? StripPrefix { get; init; }

    /// <summary>Skip transfer learning (and the filter study that uses its network).</summary>
    public bool SkipTransfer { get; init; }

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) => check
        .OneOf("--dataset", Dataset, [CifarData.FashionMnist, CifarData.Cifar10])
        .Positive("--train-count", TrainCount).Positive("--val-count", ValidationCount).Positive("--test-count", TestCount)
        .Positive("--batch-size", BatchSize).Positive("--lr", LearningRate).Positive("--patience", Patience)
        .AtLeast("--transfer-size", TransferSize, 32).Positive("--transfer-epochs", TransferEpochs).Positive("--pretrain-count", PretrainCount)
        .Positive("--target-train-count", TargetTrainCount).Positive("--target-test-count", TargetTestCount)
        .ExistingFile("--pretrained", Pretrained == null ? null : StateDictSource.Parse(Pretrained).Path);
}
