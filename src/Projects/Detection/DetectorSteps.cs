using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// One training epoch and one evaluation pass of a <see cref="YoloDetector"/> under <see cref="YoloLoss"/>, with a
/// progress bar. Batches go to the model's device. Training keeps frozen parts in eval mode
/// (<see cref="PretrainedWeights.KeepFrozenInEvalMode"/>), so their batch-norm statistics stay those of pretraining.
/// </summary>
public static class DetectorSteps
{
    /// <summary>Trains over every batch of the epoch; returns the mean total loss and its three terms per batch.</summary>
    public static LossTerms TrainEpoch(YoloDetector model, Optimizer optimizer, YoloLoss loss, DetectionData data, int epoch, int batchSize, string title,
        Action<double>? onIteration = null)
    {
        model.Train();
        PretrainedWeights.KeepFrozenInEvalMode(model);
        var device = model.Device;
        var sum = new LossTerms(0, 0, 0, 0);
        int batches = 0;
        Progress.Run(title, data.BatchCount(batchSize), step =>
        {
            foreach (var batch in data.Batches(epoch, batchSize, shuffle: true))
            {
                optimizer.ZeroGrad();
                var parts = loss.Compute(model.Call(batch.Images.To(device)), batch.Targets.To(device));
                parts.Total.Backward();
                optimizer.Step();
                var terms = LossTerms.Of(parts);
                if (!double.IsFinite(terms.Total))
                {
                    throw new InvalidOperationException($"{title}: the training loss became {terms.Total}; lower the learning rate");
                }

                onIteration?.Invoke(terms.Total);
                sum += terms;
                batches++;
                step($"loss {terms.Total:F3}");
            }
        });
        return sum / batches;
    }

    /// <summary>Loss, detections and average precision in eval mode without gradients.</summary>
    public static DetectionEvaluation Evaluate(YoloDetector model, YoloLoss loss, DetectionData data, DetectionDecoder decoder, int batchSize = 32)
    {
        model.Eval();
        var detections = new List<IReadOnlyList<DetectedObject>>(data.Count);
        var truths = new List<IReadOnlyList<LabeledBox>>(data.Count);
        double lossSum = 0;
        int batches = 0;
        using (GradMode.NoGrad())
        {
            foreach (var batch in data.Batches(0, batchSize, shuffle: false))
            {
                var predictions = model.Call(batch.Images.To(model.Device));
                lossSum += loss.Compute(predictions, batch.Targets.To(model.Device)).Total.Item();
                batches++;
                detections.AddRange(decoder.Decode(predictions));
                truths.AddRange(batch.Samples.Select(s => s.Boxes));
            }
        }

        return new DetectionEvaluation(lossSum / batches, AveragePrecision.Evaluate(detections, truths, model.NumClasses), detections);
    }
}
