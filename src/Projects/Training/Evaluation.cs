namespace IlgpuNet.Training;

/// <summary>
/// A model's mean cross-entropy, accuracy and per-sample predictions on one labelled split. <see cref="TargetRanks"/>
/// holds, per sample, how many classes scored above the true one (0: a top-1 hit), when the evaluation measured it.
/// </summary>
public sealed record Evaluation(double Loss, double Accuracy, int[] Predictions, int[] Targets, int[]? TargetRanks = null)
{
    /// <summary>The fraction of samples whose true class is among the <paramref name="k"/> highest scores.</summary>
    public double TopK(int k)
    {
        if (TargetRanks is not { } ranks)
        {
            throw new InvalidOperationException("this evaluation did not record the rank of the true class");
        }

        return ranks.Length == 0 ? double.NaN : ranks.Count(rank => rank < k) / (double)ranks.Length;
    }
}
