using IlgpuNet.Training;

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

    /// <summary>Adds the rules of these options to <paramref name="check"/>, --test folders included (each must hold the scale's pairs).</summary>
    public OptionCheck AddRulesTo(OptionCheck check)
    {
        check.OneOf("--model", Architecture, SrNetwork.Architectures).OneOf("--scale", Scale, SuperResolutionStudy.Scales)
            .OneOf("--loss", Loss, Losses).OneOf("--optimizer", Optimizer, Optimizers).Positive("--lr", LearningRate)
            .Positive("--batch-size", BatchSize).Positive("--patches-per-epoch", PatchesPerEpoch).Positive("--patch", PatchSize)
            .Positive("--val-images", ValidationImages).InRange("--decay-at", DecayAt, 0, 1).Positive("--output-lr-factor", OutputLrFactor);
        foreach (var folder in TestSets)
        {
            check.ExistingFolder("--test", folder);
            if (Directory.Exists(folder) && !Directory.Exists(Path.Combine(folder, $"image_SRF_{Scale}")))
            {
                check.Add($"--test {folder}: no image_SRF_{Scale}/ folder, so it holds no x{Scale} pairs");
            }
        }

        return check;
    }
}
