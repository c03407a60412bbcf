using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Loading;
using IlgpuNet.Data.Transforms;

namespace IlgpuNet.Training;

/// <summary>
/// One split as batches: bytes → [0, 1], an optional augmentation, then per-channel normalisation (torchvision's
/// ToTensor, augmentation, Normalize). The augmentation of a sample draws from a <see cref="Random"/> seeded by
/// (seed, epoch, sample index), so batches are the same whatever the thread timing and whether the run was resumed.
/// </summary>
public sealed class ClassificationData(IDataset<LabeledImage> samples, float[] mean, float[] std, IImageTransform? augmentation = null, ulong seed = 0)
    : IClassificationBatches
{
    public IDataset<LabeledImage> Samples { get; } = samples;

    public float[] Mean { get; } = mean;

    public float[] Std { get; } = std;

    public IImageTransform? Augmentation { get; } = augmentation;

    public int Count => Samples.Count;

    /// <summary>The same samples and normalisation without augmentation (for measuring accuracy on a training split).</summary>
    public ClassificationData WithoutAugmentation() => WithAugmentation(null);

    IClassificationBatches IClassificationBatches.WithoutAugmentation() => WithoutAugmentation();

    /// <summary>The same samples and normalisation with another augmentation (null: none).</summary>
    public ClassificationData WithAugmentation(IImageTransform? augmentation) => new(Samples, Mean, Std, augmentation, seed);

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>The batches of one epoch: shuffled by (seed, epoch) when <paramref name="shuffle"/>, else in order.</summary>
    public IEnumerable<ImageBatch> Batches(int epoch, int batchSize, bool shuffle)
    {
        var indexed = new IndexedDataset<LabeledImage>(Samples);
        var loader = new DataLoader<(int Index, LabeledImage Sample), ImageBatch>(indexed, batchSize, batch => Collate(batch, epoch), shuffle: shuffle, seed: seed);
        return loader.Epoch(epoch);
    }

    private ImageBatch Collate(IReadOnlyList<(int Index, LabeledImage Sample)> batch, int epoch)
    {
        var images = batch.Select(b => b.Sample).ToList();
        if (Augmentation is not { } augmentation)
        {
            return ImageBatch.Collate(images, Mean, Std);
        }

        return ImageBatch.Collate(images, Mean, Std,
            (sample, i) => augmentation.Apply(FloatImage.FromBytes(sample.Image), new Random(SampleSeed.For(seed, epoch, batch[i].Index))));
    }
}
