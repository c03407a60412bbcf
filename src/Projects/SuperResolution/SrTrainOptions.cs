namespace IlgpuNet.SuperResolution;

/// <summary>
/// What <c>ilgpunet sr train</c> trains, beyond the common options. A null learning rate, output-layer factor or patch
/// size means the default of the architecture and optimizer (see <see cref="SrTrainExperiment"/>).
/// </summary>
public sealed record SrTrainOptions(
    string Architecture,
    int Scale,
    string Loss,
    string Optimizer,
    double? LearningRate,
    int BatchSize,
    int PatchesPerEpoch,
    int? PatchSize,
    int ValidationImages,
    double DecayAt,
    double? OutputLrFactor,
    string? Name,
    IReadOnlyList<string> TestSets)
{
    public static readonly IReadOnlyList<string> Losses = ["mse", "l1"];

    public static readonly IReadOnlyList<string> Optimizers = ["adam", "sgd"];

    public void Validate()
    {
        if (!SrNetwork.Architectures.Contains(Architecture))
        {
            throw new ArgumentException($"--model must be {string.Join(" or ", SrNetwork.Architectures)}, got '{Architecture}'");
        }

        if (Scale is < 2 or > 8)
        {
            throw new ArgumentException($"--scale must be 2..8, got {Scale}");
        }

        if (!Losses.Contains(Loss))
        {
            throw new ArgumentException($"--loss must be {string.Join(" or ", Losses)}, got '{Loss}'");
        }

        if (!Optimizers.Contains(Optimizer))
        {
            throw new ArgumentException($"--optimizer must be {string.Join(" or ", Optimizers)}, got '{Optimizer}'");
        }

        if (LearningRate is <= 0 || BatchSize < 1 || PatchesPerEpoch < 1 || PatchSize is < 1 || ValidationImages < 1 || DecayAt is < 0 or > 1 || OutputLrFactor is <= 0)
        {
            throw new ArgumentException("--lr, --batch-size, --patches-per-epoch, --patch, --val-images and --output-lr-factor must be positive and --decay-at in [0, 1]");
        }
    }
}
