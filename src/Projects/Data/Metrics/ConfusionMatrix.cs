namespace IlgpuNet.Data.Metrics;

/// <summary>Counts of (true class, predicted class) pairs: row = true class, column = predicted class.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] counts;

    public ConfusionMatrix(int classCount)
    {
        if (classCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), $"need at least one class, got {classCount}");
        }

        ClassCount = classCount;
        counts = new long[classCount * classCount];
    }

    public int ClassCount { get; }

    public long Total { get; private set; }

    public long this[int target, int predicted] => counts[target * ClassCount + predicted];

    public static ConfusionMatrix From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> targets, int classCount)
    {
        ClassificationMetrics.RequireSameLength(predicted.Length, targets.Length);
        var matrix = new ConfusionMatrix(classCount);
        for (int i = 0; i < predicted.Length; i++)
        {
            matrix.Add(targets[i], predicted[i]);
        }

        return matrix;
    }

    public void Add(int target, int predicted)
    {
        ClassificationMetrics.RequireClass(target, ClassCount);
        ClassificationMetrics.RequireClass(predicted, ClassCount);
        counts[target * ClassCount + predicted]++;
        Total++;
    }

    /// <summary>Each row divided by its sum: row t gives where samples of class t went (a row of zeros for an absent class).</summary>
    public double[,] RowNormalized()
    {
        var result = new double[ClassCount, ClassCount];
        for (int t = 0; t < ClassCount; t++)
        {
            long rowSum = RowSum(t);
            for (int p = 0; p < ClassCount; p++)
            {
                result[t, p] = rowSum == 0 ? 0 : (double)this[t, p] / rowSum;
            }
        }

        return result;
    }

    /// <summary>The diagonal of <see cref="RowNormalized"/>: recall per class; NaN where a class has no samples.</summary>
    public double[] PerClassAccuracy()
    {
        var result = new double[ClassCount];
        for (int t = 0; t < ClassCount; t++)
        {
            long rowSum = RowSum(t);
            result[t] = rowSum == 0 ? double.NaN : (double)this[t, t] / rowSum;
        }

        return result;
    }

    /// <summary>Trace over total.</summary>
    public double Accuracy()
    {
        long diagonal = 0;
        for (int t = 0; t < ClassCount; t++)
        {
            diagonal += this[t, t];
        }

        return Total == 0 ? double.NaN : (double)diagonal / Total;
    }

    private long RowSum(int target)
    {
        long sum = 0;
        for (int p = 0; p < ClassCount; p++)
        {
            sum += this[target, p];
        }

        return sum;
    }
}
