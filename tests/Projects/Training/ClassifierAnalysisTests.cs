using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Training;

/// <summary>The pieces the scene and transfer runners analyse models with: ranks, averaged predictions, splits, attribution.</summary>
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
    public void Predictions_AverageDecidesOnTheMeanProbability()
    {
        var a = new Predictions([0.6f, 0.4f, /* */ 0.2f, 0.8f], 2, [0, 0]);
        var b = new Predictions([0.1f, 0.9f, /* */ 0.7f, 0.3f], 2, [0, 0]);

        var mean = Predictions.Average([a, b]);
        var evaluation = mean.Evaluate();

        Assert.Equal([0.35f, 0.65f, 0.45f, 0.55f], mean.Probabilities, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal([1, 1], evaluation.Predictions);
        Assert.Equal(0.0, evaluation.Accuracy);
        Assert.Equal(-(Math.Log(0.35) + Math.Log(0.45)) / 2, evaluation.Loss, 5);
        Assert.Throws<ArgumentException>(() => Predictions.Average([a, a with { Targets = [1, 0] }]));
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

    [Fact]
    public void Saliency_OfALinearModel_IsTheLargestWeightMagnitudeOverChannels()
    {
        Tensor.ManualSeed(3);
        var linear = new Linear(2 * 3 * 3, 4);
        var input = new Identity();
        var model = new Sequential(input, new Flatten(), linear);
        var images = Tensor.Randn([2, 2, 3, 3]);

        var maps = Attribution.Explain(model, images, [1, 3], input);

        var weights = linear.Weight.Detach().ToArray<float>();
        for (int n = 0; n < 2; n++)
        {
            int c = n == 0 ? 1 : 3;
            var expected = Enumerable.Range(0, 9).Select(p => Math.Max(Math.Abs(weights[c * 18 + p]), Math.Abs(weights[c * 18 + 9 + p]))).ToArray();
            float max = expected.Max();
            Assert.Equal(expected.Select(v => v / max), maps.Saliency[n].Data, (x, y) => Math.Abs(x - y) < 1e-5);
        }

        Assert.Null(linear.Weight.Grad); // explaining is not a training step
    }

    [Fact]
    public void GradCam_BeforeGlobalAveragePooling_WeighsEachMapByItsClassWeight()
    {
        Tensor.ManualSeed(5);
        var conv = new Conv2d(1, 2, 1);
        var head = new Linear(2, 3);
        var model = new Sequential(conv, new AdaptiveAvgPool2d(1), new Flatten(), head);
        var images = Tensor.Randn([1, 1, 4, 4]);

        var activations = conv.Call(images).Detach().ToArray<float>();
        var w = head.Weight.Detach().ToArray<float>();
        int positive = 0;
        for (int c = 0; c < 3; c++)
        {
            var maps = Attribution.Explain(model, images, [c], conv);

            var expected = Enumerable.Range(0, 16).Select(p => Math.Max(0f, (w[c * 2] * activations[p] + w[c * 2 + 1] * activations[16 + p]) / 16)).ToArray();
            float max = expected.Max();
            positive += max > 0 ? 1 : 0;
            Assert.Equal(expected.Select(v => max > 0 ? v / max : 0), maps.GradCam[0].Data, (x, y) => Math.Abs(x - y) < 1e-5);
        }

        Assert.True(positive > 0, "at least one class has evidence somewhere in the image");
    }
}
