using IlgpuNet.Data.Loading;

namespace IlgpuNet.Training;

/// <summary>
/// One split as batches of images (N, C, H, W) with int64 class targets: one per image (N), as
/// <see cref="ClassificationData"/> gives, or one per pixel (N, H, W), as dense prediction does (colourization's colour
/// classes). What a <see cref="TrainingStage"/> trains and validates on; <see cref="ClassifierSteps"/> counts accuracy
/// over targets, so a per-pixel split gets per-pixel accuracy.
/// </summary>
public interface IClassificationBatches
{
    /// <summary>Images in the split.</summary>
    int Count { get; }

    int BatchCount(int batchSize);

    /// <summary>
    /// The batches of one epoch: shuffled by (seed, epoch) when <paramref name="shuffle"/>, else in order. Each is made
    /// fresh for its caller, which owns it: <see cref="ClassifierSteps"/> disposes a batch once its step is done.
    /// </summary>
    IEnumerable<ImageBatch> Batches(int epoch, int batchSize, bool shuffle);

    /// <summary>The same split without training-time augmentation (for evaluation).</summary>
    IClassificationBatches WithoutAugmentation();
}
