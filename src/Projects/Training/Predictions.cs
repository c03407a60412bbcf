using IlgpuNet.Autograd;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;

namespace IlgpuNet.Training;

/// <summary>
/// Class probabilities (softmax) of every sample of a split, row by row, with the true classes: what test-time
/// augmentation and ensembles average before they decide.
/// </summary>
public sealed record Predictions(float[] Probabilities, int Classes, int[] Targets)
{
    public int Count => Targets.Length;

    public ReadOnlySpan<float> Row(int sample) => Probabilities.AsSpan(sample * Classes, Classes);

    /// <summary>The model's probabilities in eval mode, the images seen through a deterministic <paramref name="view"/> (null: as they are).</summary>
    public static Predictions Of(Module model, ClassificationData data, IImageTransform? view = null, int batchSize = 200)
    {
        model.Eval();
        var probabilities = new List<float>();
        var targets = new List<int>(data.Count);
        using (GradMode.NoGrad())
        {
            foreach (var batch in data.WithAugmentation(view).Batches(0, batchSize, shuffle: false))
            {
                probabilities.AddRange(model.Call(batch.Images.To(model.Device)).Softmax(1).ToArray<float>());
                targets.AddRange(batch.Labels.ToArray<long>().Select(t => (int)t));
            }
        }

        return new Predictions([.. probabilities], probabilities.Count / Math.Max(1, targets.Count), [.. targets]);
    }

    /// <summary>Test-time augmentation: the mean of the probabilities over every view of each image.</summary>
    public static Predictions WithViews(Module model, ClassificationData data, IReadOnlyList<IImageTransform?> views) =>
        Average(views.Select(view => Of(model, data, view)).ToList());

    /// <summary>The mean of several prediction sets of the same samples (an ensemble, or the views of test-time augmentation).</summary>
    public static Predictions Average(IReadOnlyList<Predictions> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("averaging needs at least one set of predictions");
        }

        var first = members[0];
        if (members.Any(m => m.Classes != first.Classes || !m.Targets.AsSpan().SequenceEqual(first.Targets)))
        {
            throw new ArgumentException("averaged predictions must be of the same samples and classes");
        }

        var mean = new float[first.Probabilities.Length];
        foreach (var member in members)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, member.Probabilities, mean);
        }

        System.Numerics.Tensors.TensorPrimitives.Divide(mean, members.Count, mean);
        return first with { Probabilities = mean };
    }

    /// <summary>Accuracy, mean cross-entropy (−log p of the true class), predictions and ranks of the true class.</summary>
    public Evaluation Evaluate()
    {
        var predicted = new int[Count];
        var ranks = new int[Count];
        double loss = 0;
        for (int i = 0; i < Count; i++)
        {
            var row = Row(i);
            float truth = row[Targets[i]];
            predicted[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            int above = 0;
            foreach (float p in row)
            {
                above += p > truth ? 1 : 0;
            }

            ranks[i] = above;
            loss -= Math.Log(Math.Max(truth, 1e-12f));
        }

        return new Evaluation(loss / Count, ClassificationMetrics.Accuracy(predicted, Targets), predicted, Targets, ranks);
    }
}
