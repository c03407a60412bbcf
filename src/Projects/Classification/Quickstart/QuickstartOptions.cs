using IlgpuNet.Training;

namespace IlgpuNet.Classification.Quickstart;

/// <summary>The quick start's own options (the common ones are in <see cref="Training.RunSettings"/>).</summary>
public sealed record QuickstartOptions
{
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Train on this many of the training images, chosen by the seed (smoke runs); null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Score on at most this many validation images (chosen by the seed) and the first this many test images; null for
    /// all. For slow devices: ILGPU's CPU accelerator would take over an hour for the 15,000 images of a full run.
    /// </summary>
    public int? EvalLimit { get; init; }

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) =>
        check.Positive("--batch-size", BatchSize).Positive("--lr", LearningRate).Positive("--limit", Limit)
            .Positive("--eval-limit", EvalLimit);
}
