using IlgpuNet.Autograd;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Cli.Experiments.Training;

/// <summary>One training epoch and one evaluation pass of an image classifier under cross-entropy, with a progress bar.</summary>
public static class ClassifierSteps
{
    /// <summary>
    /// Trains over every batch of the epoch; returns the sample-weighted mean loss and the accuracy seen while training.
    /// <paramref name="onIteration"/> receives each batch's loss (for per-iteration curves).
    /// </summary>
    public static (double Loss, double Accuracy) TrainEpoch(Module model, Optimizer optimizer, ClassificationData data, int epoch, int batchSize, string title,
        Action<double>? onIteration = null)
    {
        model.Train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        Progress.Run(title, data.BatchCount(batchSize), step =>
        {
            foreach (var batch in data.Batches(epoch, batchSize, shuffle: true))
            {
                optimizer.ZeroGrad();
                var logits = model.Call(batch.Images);
                var loss = Functional.CrossEntropy(logits, batch.Labels);
                loss.Backward();
                optimizer.Step();
                double value = loss.Item();
                if (!double.IsFinite(value))
                {
                    throw new InvalidOperationException($"{title}: the training loss became {value}; lower the learning rate");
                }

                onIteration?.Invoke(value);
                lossSum += value * batch.Count;
                correct += (long)logits.ArgMax(1).Eq(batch.Labels).Sum().Item();
                seen += batch.Count;
                step($"loss {value:F3}");
            }
        });
        return (lossSum / seen, (double)correct / seen);
    }

    /// <summary>Loss, accuracy and predictions in eval mode without gradients (the data's augmentation is not applied).</summary>
    public static Evaluation Evaluate(Module model, ClassificationData data, int batchSize = 256)
    {
        model.Eval();
        var predictions = new List<int>(data.Count);
        var targets = new List<int>(data.Count);
        double lossSum = 0;
        using (GradMode.NoGrad())
        {
            foreach (var batch in data.WithoutAugmentation().Batches(0, batchSize, shuffle: false))
            {
                var logits = model.Call(batch.Images);
                lossSum += Functional.CrossEntropy(logits, batch.Labels).Item() * batch.Count;
                predictions.AddRange(logits.ArgMax(1).ToArray<long>().Select(p => (int)p));
                targets.AddRange(batch.Labels.ToArray<long>().Select(t => (int)t));
            }
        }

        return new Evaluation(lossSum / targets.Count, ClassificationMetrics.Accuracy([.. predictions], [.. targets]), [.. predictions], [.. targets]);
    }

    /// <summary>The predicted class of every image of an (N, C, H, W) batch sequence.</summary>
    public static int[] Predict(Module model, IEnumerable<Tensor> images)
    {
        model.Eval();
        var predictions = new List<int>();
        using (GradMode.NoGrad())
        {
            foreach (var batch in images)
            {
                predictions.AddRange(model.Call(batch).ArgMax(1).ToArray<long>().Select(p => (int)p));
            }
        }

        return [.. predictions];
    }
}
