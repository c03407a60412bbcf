using IlgpuNet.Training;

namespace IlgpuNet.Composite;

/// <summary>The composite-image runner's own options (the common ones are in <see cref="Training.RunSettings"/>).</summary>
public sealed record CompositeOptions
{
    /// <summary>Where the class images come from when the data set is generated: fashion-mnist (the stand-in) or cifar10.</summary>
    public string ClassSource { get; init; } = "fashion-mnist";

    /// <summary>An existing ImageFolder data set (train/ and val/ with class folders, test/ unlabelled) to use instead of generating one.</summary>
    public string? Dataset { get; init; }

    /// <summary>Generated training images: 5,000 of Fashion-MNIST's 60,000, enough for the robust model to pass 75% test accuracy in five epochs.</summary>
    public int TrainCount { get; init; } = 5_000;

    public int ValidationCount { get; init; } = 500;

    public int TestCount { get; init; } = 1_000;

    /// <summary>Fraction of generated training images whose digit equals their class.</summary>
    public double Correlation { get; init; } = 0.64;

    /// <summary>Small batches give the short default run more optimizer steps (157 per epoch over 5,000 images).</summary>
    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Train only the robust model (skip the naive one).</summary>
    public bool SkipNaive { get; init; }

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) => check
        .OneOf("--classes", ClassSource, ["fashion-mnist", "cifar10"]).ExistingFolder("--dataset", Dataset)
        .Positive("--train-count", TrainCount).Positive("--val-count", ValidationCount).Positive("--test-count", TestCount)
        .InRange("--correlation", Correlation, 0, 1).Positive("--batch-size", BatchSize).Positive("--lr", LearningRate);
}
