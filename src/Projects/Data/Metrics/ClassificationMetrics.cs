namespace IlgpuNet.Data.Metrics;

/// <summary>Accuracy measures on integer labels and row-major score matrices (N rows of classCount scores).</summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of positions where the prediction equals the target.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> targets)
    {
        RequireSameLength(predicted.Length, targets.Length);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == targets[i] ? 1 : 0;
        }

        return (double)correct / predicted.Length;
    }

    /// <summary>Index of the largest score in each row; the first one on ties (as torch.argmax on CPU).</summary>
    public static int[] ArgMax(ReadOnlySpan<float> scores, int classCount)
    {
        int rows = RowCount(scores.Length, classCount);
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = scores.Slice(r * classCount, classCount);
            int best = 0;
            for (int c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            result[r] = best;
        }

        return result;
    }

    /// <summary>
    /// Fraction of rows whose target is among the k highest scores. A tie is broken towards the lower class index, so
    /// k = 1 agrees with <see cref="ArgMax"/>.
    /// </summary>
    public static double TopKAccuracy(ReadOnlySpan<float> scores, int classCount, ReadOnlySpan<int> targets, int k)
    {
        int rows = RowCount(scores.Length, classCount);
        RequireSameLength(rows, targets.Length);
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least 1, got {k}");
        }

        int correct = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = scores.Slice(r * classCount, classCount);
            int target = RequireClass(targets[r], classCount);
            float own = row[target];
            int ahead = 0;
            for (int c = 0; c < classCount; c++)
            {
                if (row[c] > own || (row[c] == own && c < target))
                {
                    ahead++;
                }
            }

            correct += ahead < k ? 1 : 0;
        }

        return (double)correct / rows;
    }

    /// <summary>Per class, the fraction of its samples predicted correctly (NaN for a class with no samples).</summary>
    public static double[] PerClassAccuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> targets, int classCount) =>
        ConfusionMatrix.From(predicted, targets, classCount).PerClassAccuracy();

    internal static int RequireClass(int label, int classCount)
    {
        if ((uint)label >= (uint)classCount)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"class {label} is outside 0..{classCount - 1}");
        }

        return label;
    }

    internal static void RequireSameLength(int predicted, int targets)
    {
        if (predicted != targets)
        {
            throw new ArgumentException($"{predicted} predictions but {targets} targets");
        }

        if (predicted == 0)
        {
            throw new ArgumentException("no samples to score");
        }
    }

    private static int RowCount(int length, int classCount)
    {
        if (classCount <= 0 || length % classCount != 0)
        {
            throw new ArgumentException($"{length} scores do not split into rows of {classCount} classes");
        }

        return length / classCount;
    }
}
