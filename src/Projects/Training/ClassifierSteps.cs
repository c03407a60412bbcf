using IlgpuNet.Autograd;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Training;

/// <summary>
/// One training epoch and one evaluation pass of an image classifier under cross-entropy, with a progress bar. Batches
/// go to the model's device; within an epoch only the losses are read back. Targets are one class per image or one per
/// pixel (<see cref="IClassificationBatches"/>): losses are means over targets and accuracies count targets.
/// </summary>
public static class ClassifierSteps
{
    /// <summary>
    /// Trains over every batch of the epoch; returns the target-weighted mean loss and the accuracy seen while training
    /// (and, with <paramref name="topK"/>, the fraction whose class was among the k highest scores; else NaN).
    /// <paramref name="onIteration"/> receives each batch's loss (for per-iteration curves).
    /// </summary>
    public static (double Loss, double Accuracy, double TopKAccuracy) TrainEpoch(Module model, Optimizer optimizer, IClassificationBatches data, int epoch, int batchSize, string title,
        Action<double>? onIteration = null, int? topK = null)
    {
        model.Train();
        var device = model.Device;
        var tally = new Tally(device, topK);
        Progress.Run(title, data.BatchCount(batchSize), step =>
        {
            foreach (var batch in data.Batches(epoch, batchSize, shuffle: true))
            {
                using var images = batch.Images.To(device);
                using var labels = batch.Labels.To(device);
                optimizer.ZeroGrad();
                using var logits = model.Call(images);
                using var loss = Functional.CrossEntropy(logits, labels);
                loss.Backward();
                optimizer.Step();
                double value = loss.Item();
                if (!double.IsFinite(value))
                {
                    throw new TrainingDivergedException($"{title}: the training loss became {value}; lower the learning rate");
                }

                onIteration?.Invoke(value);
                tally.Add(logits, labels, value);
                step($"loss {value:F3}");
            }
        });
        return tally.Means();
    }

    /// <summary>
    /// Mean loss, accuracy and (with <paramref name="topK"/>) top-k accuracy in eval mode without gradients, the data's
    /// augmentation not applied: what a stage logs per epoch. Hits are counted where the model runs and read once.
    /// </summary>
    public static (double Loss, double Accuracy, double TopKAccuracy) Measure(Module model, IClassificationBatches data, int batchSize = 256, int? topK = null)
    {
        model.Eval();
        var tally = new Tally(model.Device, topK);
        using (GradMode.NoGrad())
        {
            foreach (var batch in data.WithoutAugmentation().Batches(0, batchSize, shuffle: false))
            {
                using var images = batch.Images.To(model.Device);
                using var labels = batch.Labels.To(model.Device);
                using var logits = model.Call(images);
                using var loss = Functional.CrossEntropy(logits, labels);
                tally.Add(logits, labels, loss.Item());
            }
        }

        return tally.Means();
    }

    /// <summary>Loss, accuracy and predictions in eval mode without gradients (the data's augmentation is not applied).</summary>
    public static Evaluation Evaluate(Module model, ClassificationData data, int batchSize = 256)
    {
        model.Eval();
        var predictions = new List<int>(data.Count);
        var targets = new List<int>(data.Count);
        var ranks = new List<int>(data.Count);
        double lossSum = 0;
        using (GradMode.NoGrad())
        {
            foreach (var batch in data.WithoutAugmentation().Batches(0, batchSize, shuffle: false))
            {
                using var images = batch.Images.To(model.Device);
                using var labels = batch.Labels.To(model.Device);
                using var logits = model.Call(images);
                using var loss = Functional.CrossEntropy(logits, labels);
                lossSum += loss.Item() * batch.Count;
                predictions.AddRange(logits.ArgMax(1).ToArray<long>().Select(p => (int)p));
                targets.AddRange(batch.Labels.ToArray<long>().Select(t => (int)t));
                ranks.AddRange(TargetRanks(logits, labels).ToArray<long>().Select(r => (int)r));
            }
        }

        return new Evaluation(lossSum / targets.Count, ClassificationMetrics.Accuracy([.. predictions], [.. targets]), [.. predictions], [.. targets], [.. ranks]);
    }

    /// <summary>How many classes score strictly above the true one, per sample (0: a top-1 hit; ties count for the sample).</summary>
    public static Tensor TargetRanks(Tensor logits, Tensor labels)
    {
        using (GradMode.NoGrad())
        {
            var trueScore = logits.Gather(1, labels.Unsqueeze(1));
            return logits.Gt(trueScore).Sum(1);
        }
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
                var onDevice = batch.To(model.Device);
                using var logits = model.Call(onDevice);
                predictions.AddRange(logits.ArgMax(1).ToArray<long>().Select(p => (int)p));
                if (!ReferenceEquals(onDevice, batch))
                {
                    onDevice.Dispose(); // the copy this made; the caller's batch stays the caller's
                }
            }
        }

        return [.. predictions];
    }

    /// <summary>
    /// Sums over the batches of a pass: the loss weighted by each batch's target count, and the hits (top-1 and top-k),
    /// counted where the model runs so that only the loss is read back per batch.
    /// </summary>
    private sealed class Tally(Device device, int? topK)
    {
        private double lossSum;
        private long targets;
        private Tensor correct = Tensor.Zeros([], DType.Int64, device);
        private Tensor inTopK = Tensor.Zeros([], DType.Int64, device);

        public void Add(Tensor logits, Tensor labels, double meanLoss)
        {
            lossSum += meanLoss * labels.Numel;
            targets += labels.Numel;
            using (GradMode.NoGrad())
            {
                correct = correct.Add(logits.ArgMax(1).Eq(labels).Sum());
                if (topK is int k)
                {
                    inTopK = inTopK.Add(TargetRanks(logits, labels).Lt(k).Sum());
                }
            }
        }

        public (double Loss, double Accuracy, double TopKAccuracy) Means() =>
            (lossSum / targets, correct.Item() / targets, topK == null ? double.NaN : inTopK.Item() / targets);
    }
}
