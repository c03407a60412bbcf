using IlgpuNet.Data.Metrics;

namespace IlgpuNet.Tests.Data;

public class ClassificationMetricsTests
{
    private static readonly int[] Targets = [0, 0, 1, 1, 1, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 2, 0];

    [Fact]
    public void Accuracy_CountsMatches()
    {
        Assert.Equal(3.0 / 6, ClassificationMetrics.Accuracy(Predicted, Targets), 12);
    }

    [Fact]
    public void TopK_CountsTargetAmongHighestScores()
    {
        float[] scores =
        [
            0.1f, 0.7f, 0.2f, // target 2: rank 2
            0.5f, 0.3f, 0.2f, // target 0: rank 1
            0.2f, 0.5f, 0.3f, // target 0: rank 3
        ];
        int[] targets = [2, 0, 0];
        Assert.Equal(1.0 / 3, ClassificationMetrics.TopKAccuracy(scores, 3, targets, 1), 12);
        Assert.Equal(2.0 / 3, ClassificationMetrics.TopKAccuracy(scores, 3, targets, 2), 12);
        Assert.Equal(1.0, ClassificationMetrics.TopKAccuracy(scores, 3, targets, 3), 12);
        Assert.Equal(new[] { 1, 0, 1 }, ClassificationMetrics.ArgMax(scores, 3));
    }

    [Fact]
    public void TopK_TieGoesToLowerIndexAsArgMax()
    {
        float[] scores = [0.5f, 0.5f];
        Assert.Equal(1.0, ClassificationMetrics.TopKAccuracy(scores, 2, [0], 1));
        Assert.Equal(0.0, ClassificationMetrics.TopKAccuracy(scores, 2, [1], 1));
    }

    [Fact]
    public void ConfusionMatrix_CountsRowsAsTargetsAndNormalisesRows()
    {
        var matrix = ConfusionMatrix.From(Predicted, Targets, 3);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(1, matrix[1, 2]);
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(0, matrix[2, 2]);
        var fractions = matrix.RowNormalized();
        Assert.Equal(2.0 / 3, fractions[1, 1], 12);
        Assert.Equal(1.0 / 3, fractions[1, 2], 12);
        Assert.Equal(1.0, fractions[2, 0], 12);
        Assert.Equal(0.5, matrix.Accuracy(), 12);
    }

    [Fact]
    public void PerClassAccuracy_IsRecallWithNaNForAbsentClass()
    {
        var perClass = ClassificationMetrics.PerClassAccuracy(Predicted, Targets, 4);
        Assert.Equal(0.5, perClass[0], 12);
        Assert.Equal(2.0 / 3, perClass[1], 12);
        Assert.Equal(0.0, perClass[2], 12);
        Assert.True(double.IsNaN(perClass[3]));
    }

    [Fact]
    public void Metrics_RejectMismatchedLengthsAndBadLabels()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([3], [0], 3));
    }
}
