using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Scene15;

/// <summary>The scene-recognition runner's own options (the common ones are in <see cref="Training.RunSettings"/>).</summary>
public sealed record Scene15Options
{
    /// <summary>Images per class of the training folder held out for validation (the rest trains).</summary>
    public int ValidationPerClass { get; init; } = 15;

    /// <summary>Side of the square gray images every network sees (the course: 64).</summary>
    public int ImageSize { get; init; } = 64;

    public int BatchSize { get; init; } = 50;

    /// <summary>Adam learning rate of SimpleNet and its variants.</summary>
    public double SimpleLearningRate { get; init; } = 1e-3;

    /// <summary>Adam learning rate of the deeper network (cosine schedule over the epochs).</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Epochs of the transfer stages (pretraining here, fine-tuning, and the same network from scratch).</summary>
    public int TransferEpochs { get; init; } = 4;

    /// <summary>Side the transfer images are resized to (the course fine-tunes AlexNet at 224).</summary>
    public int TransferSize { get; init; } = 64;

    /// <summary>Fashion-MNIST training images the ResNet18 is pretrained on (without --pretrained).</summary>
    public int PretrainCount { get; init; } = 4_000;

    /// <summary>torchvision's AlexNet state dict (alexnet-owt-7be5be79.pth) to fine-tune instead of pretraining a ResNet18 here.</summary>
    public string? Pretrained { get; init; }

    /// <summary>A prefix every key of <see cref="Pretrained"/> carries, stripped before loading ("module." of nn.DataParallel).</summary>
    public string? StripPrefix { get; init; }

    /// <summary>Skip the transfer-learning part.</summary>
    public bool SkipTransfer { get; init; }

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) => check
        .Positive("--val-per-class", ValidationPerClass).AtLeast("--image-size", ImageSize, 32).Positive("--batch-size", BatchSize)
        .Positive("--simple-lr", SimpleLearningRate).Positive("--lr", LearningRate).Positive("--transfer-epochs", TransferEpochs)
        .AtLeast("--transfer-size", TransferSize, 32).Positive("--pretrain-count", PretrainCount)
        .ExistingFile("--pretrained", Pretrained == null ? null : StateDictSource.Parse(Pretrained).Path);
}
