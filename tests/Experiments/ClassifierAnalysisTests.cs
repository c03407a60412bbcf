using IlgpuNet.Cli.Experiments.Training;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Experiments;

/// <summary>The pieces the classification runners analyse models with: ranks of the true class, stratified splits.</summary>
[Collection(ConsoleCollection.Name)]
public class ClassifierAnalysisTests
{
    [Fact]
    public void TargetRanks_CountClassesScoringAboveTheTrueOne()
    {
        var logits = Tensor.FromArray(new float[] { 0.1f, 0.9f, 0.5f, 0.2f, /* */ 3f, 1f, 2f, 0f }, 2, 4);
        var labels = Tensor.FromArray(new long[] { 3, 0 }, 2);

        var ranks = ClassifierSteps.TargetRanks(logits, labels).ToArray<long>();

        Assert.Equal([2L, 0L], ranks);
        var evaluation = new Evaluation(0, 0.5, [1, 0], [3, 0], [2, 0]);
        Assert.Equal(0.5, evaluation.TopK(1));
        Assert.Equal(0.5, evaluation.TopK(2));
        Assert.Equal(1.0, evaluation.TopK(3));
    }

    [Fact]
    public void StratifiedIndices_HoldOutTheSameNumberOfEveryClass()
    {
        int[] labels = [.. Enumerable.Range(0, 40).Select(i => i % 4), 4, 4]; // class 4 has only two samples

        var (train, validation) = DatasetSubset<int>.StratifiedIndices(labels, perClass: 3, seed: 7);

        Assert.Equal(4 * 3 + 1, validation.Length); // the small class keeps one image to train on
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(3, validation.Count(i => labels[i] == c)));
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(labels.Length, train.Length + validation.Length);
        Assert.Equal(validation, DatasetSubset<int>.StratifiedIndices(labels, 3, seed: 7).Validation);
        Assert.NotEqual(validation, DatasetSubset<int>.StratifiedIndices(labels, 3, seed: 8).Validation);
    }
}
