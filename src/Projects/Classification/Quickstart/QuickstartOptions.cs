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

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check) =>
        check.Positive("--batch-size", BatchSize).Positive("--lr", LearningRate).Positive("--limit", Limit);
}
