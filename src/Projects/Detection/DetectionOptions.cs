using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// The detection runner's own options (the common ones are in <see cref="Training.RunSettings"/>, whose epochs are the
/// fine-tuning epochs of every fine-tuning stage).
/// </summary>
public sealed record DetectionOptions
{
    /// <summary>The fine-tuning stages, each from the pretrained detector unless it is "scratch", all with the same budget.</summary>
    public static readonly IReadOnlyList<string> AllStages = [FineTuning.FrozenBackbone, FineTuning.FrozenBackboneNeck, FineTuning.Full, FineTuning.Scratch];

    /// <summary>A YOLO-layout data set to fine-tune on (images/ and labels/ with train, val and optionally test splits; classes.txt) instead of the generated digits 5-9.</summary>
    public string? Dataset { get; init; }

    /// <summary>A YOLO-layout data set to pretrain on (train and val splits) instead of the generated Fashion-MNIST items and digits 0-4.</summary>
    public string? PretrainDataset { get; init; }

    /// <summary>A detector checkpoint to fine-tune (an earlier run's stages/pretrain/checkpoints/best.safetensors) instead of pretraining one.</summary>
    public string? Pretrained { get; init; }

    /// <summary>
    /// Pretraining epochs. A frozen backbone is only as good as the features it was pretrained to make: with 5 the frozen
    /// stage tied with training from scratch (mAP@0.5 0.807 against 0.809), with 12 it beats it (0.881).
    /// </summary>
    public int PretrainEpochs { get; init; } = 12;

    /// <summary>Images of the generated pretraining set (train, val) and fine-tuning set (train, val, test).</summary>
    public int PretrainTrainCount { get; init; } = 4_000;

    public int PretrainValCount { get; init; } = 200;

    public int TrainCount { get; init; } = 300;

    public int ValCount { get; init; } = 100;

    public int TestCount { get; init; } = 300;

    /// <summary>Side of the square network input, a multiple of 16 in [128, 256] (the images are resized to it).</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Small batches give the few fine-tuning images more optimizer steps (38 an epoch over 300).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Adam's learning rate, for pretraining and every fine-tuning stage, with a cosine schedule over each stage's epochs.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Augment training batches (<see cref="RandomScaleTranslate"/> with a colour jitter); validation and test images never are.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>BCEcls label smoothing ε (targets 1 − ε/2 and ε/2).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The fine-tuning stages to run, of <see cref="AllStages"/>.</summary>
    public IReadOnlyList<string> Stages { get; init; } = AllStages;

    /// <summary>Score a detection needs to be drawn on the sample pictures (average precision uses every detection).</summary>
    public double DrawThreshold { get; init; } = 0.3;

    /// <summary>This study's rules, one line per problem (<see cref="OptionCheck"/>).</summary>
    public OptionCheck AddRulesTo(OptionCheck check)
    {
        check.Positive("--pretrain-epochs", PretrainEpochs).Positive("--pretrain-train-count", PretrainTrainCount).Positive("--pretrain-val-count", PretrainValCount)
            .Positive("--train-count", TrainCount).Positive("--val-count", ValCount).Positive("--test-count", TestCount).Positive("--batch-size", BatchSize)
            .Positive("--lr", LearningRate).InRange("--label-smoothing", LabelSmoothing, 0, 1).InRange("--draw-threshold", DrawThreshold, 0, 1)
            .ExistingFolder("--dataset", Dataset).ExistingFolder("--pretrain-dataset", PretrainDataset).ExistingFile("--pretrained", Pretrained);
        if (ImageSize is < 128 or > 256 || ImageSize % 16 != 0)
        {
            check.Add($"--image-size {ImageSize}: must be a multiple of 16 from 128 to 256");
        }

        if (Stages.Count == 0)
        {
            check.Add("--stages: names no stage");
        }

        foreach (var stage in Stages)
        {
            check.OneOf("--stages", stage, AllStages);
        }

        if (Pretrained != null && PretrainDataset != null)
        {
            check.Add("--pretrained and --pretrain-dataset: exclude each other (the first skips pretraining)");
        }

        return check;
    }
}
