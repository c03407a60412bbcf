using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Transfer;

/// <summary>The transfer-learning runner's own options (the common ones are in <see cref="Training.RunSettings"/>).</summary>
public sealed record TransferOptions
{
    /// <summary>An ImageFolder data set (train/&lt;class&gt;/*, test/&lt;class&gt;/*); null: 15-Scene, found like any data set.</summary>
    public string? Dataset { get; init; }

    /// <summary>Images per class of train/ held out for validation.</summary>
    public int ValidationPerClass { get; init; } = 15;

    /// <summary>Side of the square RGB inputs (gray images are repeated to RGB).</summary>
    public int ImageSize { get; init; } = 64;

    public int BatchSize { get; init; } = 32;

    /// <summary>Fashion-MNIST images the ResNet18 is pretrained on (without --pretrained).</summary>
    public int PretrainCount { get; init; } = 4_000;

    public int PretrainEpochs { get; init; } = 3;

    /// <summary>torchvision's ImageNet ResNet18 (resnet18-f37072fd.pth) instead of pretraining one here.</summary>
    public string? Pretrained { get; init; }

    /// <summary>A prefix every key of <see cref="Pretrained"/> carries, stripped before loading ("module." of nn.DataParallel).</summary>
    public string? StripPrefix { get; init; }

    /// <summary>Models averaged by the ensemble (the best ones by validation accuracy).</summary>
    public int EnsembleSize { get; init; } = 3;

    /// <summary>Images per example grid (correct and incorrect, hand-picked and random) and in the attribution figures.</summary>
    public int ExampleCount { get; init; } = 8;

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) => check
        .ExistingFolder("--dataset", Dataset).Positive("--val-per-class", ValidationPerClass).AtLeast("--image-size", ImageSize, 32)
        .Positive("--batch-size", BatchSize).Positive("--pretrain-count", PretrainCount).Positive("--pretrain-epochs", PretrainEpochs)
        .ExistingFile("--pretrained", Pretrained == null ? null : StateDictSource.Parse(Pretrained).Path)
        .Positive("--ensemble", EnsembleSize).Positive("--examples", ExampleCount);
}
