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

    public int PretrainEpochs { get; init; } = 5;

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

    /// <summary>One clear line for the first option that is out of range.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { ("--pretrain-epochs", PretrainEpochs), ("--pretrain-train-count", PretrainTrainCount), ("--pretrain-val-count", PretrainValCount),
            ("--train-count", TrainCount), ("--val-count", ValCount), ("--test-count", TestCount), ("--batch-size", BatchSize) })
        {
            if (value < 1)
            {
                throw new ArgumentException($"{name} must be at least 1, got {value}");
            }
        }

        if (ImageSize is < 128 or > 256 || ImageSize % 16 != 0)
        {
            throw new ArgumentException($"--image-size must be a multiple of 16 from 128 to 256, got {ImageSize}");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentException($"--lr must be positive, got {LearningRate}");
        }

        if (LabelSmoothing is < 0 or > 1 || double.IsNaN(LabelSmoothing))
        {
            throw new ArgumentException($"--label-smoothing must be in [0, 1], got {LabelSmoothing}");
        }

        if (DrawThreshold is < 0 or > 1 || double.IsNaN(DrawThreshold))
        {
            throw new ArgumentException($"--draw-threshold must be in [0, 1], got {DrawThreshold}");
        }

        if (Stages.Count == 0)
        {
            throw new ArgumentException("--stages names no stage");
        }

        if (Stages.FirstOrDefault(stage => !AllStages.Contains(stage)) is { } unknown)
        {
            throw new ArgumentException($"--stages: unknown stage '{unknown}'; known: {string.Join(", ", AllStages)}");
        }

        foreach (var (name, folder) in new[] { ("--dataset", Dataset), ("--pretrain-dataset", PretrainDataset) })
        {
            if (folder != null && !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"{name} {folder}: no such folder");
            }
        }

        if (Pretrained != null && !File.Exists(Pretrained))
        {
            throw new FileNotFoundException($"--pretrained {Pretrained}: no such file (a detector checkpoint such as stages/pretrain/checkpoints/best.safetensors of an earlier run)");
        }

        if (Pretrained != null && PretrainDataset != null)
        {
            throw new ArgumentException("--pretrained and --pretrain-dataset exclude each other: the first skips pretraining");
        }
    }
}
