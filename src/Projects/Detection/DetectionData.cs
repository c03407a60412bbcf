using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Loading;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// One detection split as batches: every image resized to <see cref="InputSize"/> × <see cref="InputSize"/> in RGB
/// (its boxes scaled with it; no letterboxing, so other aspect ratios are stretched) once and kept in memory, then per
/// batch bytes → [0, 1] → an optional augmentation → per-channel normalisation, and the boxes as a padded target tensor
/// (<see cref="DetectionBatch"/>). The order of an epoch depends only on (seed, epoch), a sample's augmentation only on
/// (seed, epoch, sample index).
/// </summary>
public sealed class DetectionData
{
    public DetectionData(IDataset<DetectionSample> samples, int inputSize, float[] mean, float[] std, ulong seed = 0)
        : this(new MaterializedDataset<DetectionSample>(new MappedDataset<DetectionSample, DetectionSample>(samples, sample => Fit(sample, inputSize))),
            inputSize, mean, std, seed, null)
    {
    }

    private DetectionData(IDataset<DetectionSample> fitted, int inputSize, float[] mean, float[] std, ulong seed, RandomScaleTranslate? augmentation)
    {
        Samples = fitted;
        InputSize = inputSize;
        Mean = mean;
        Std = std;
        this.seed = seed;
        Augmentation = augmentation;
    }

    private readonly ulong seed;

    /// <summary>Applied to training batches (null: none).</summary>
    public RandomScaleTranslate? Augmentation { get; }

    /// <summary>The same samples, kept in memory once, with another augmentation (null: none).</summary>
    public DetectionData WithAugmentation(RandomScaleTranslate? augmentation) => new(Samples, InputSize, Mean, Std, seed, augmentation);

    public IDataset<DetectionSample> Samples { get; }

    public int InputSize { get; }

    public float[] Mean { get; }

    public float[] Std { get; }

    public int Count => Samples.Count;

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>The batches of one epoch: shuffled by (seed, epoch) when <paramref name="shuffle"/>, else in order.</summary>
    public IEnumerable<DetectionBatch> Batches(int epoch, int batchSize, bool shuffle)
        => new DataLoader<(int Index, DetectionSample Sample), DetectionBatch>(new IndexedDataset<DetectionSample>(Samples), batchSize,
            batch => Collate(batch, epoch), shuffle: shuffle, seed: seed).Epoch(epoch);

    private DetectionBatch Collate(IReadOnlyList<(int Index, DetectionSample Sample)> batch, int epoch)
    {
        var samples = batch.Select(b => b.Sample).ToList();
        var boxes = samples.Select(s => s.Boxes).ToArray();
        Func<LabeledImage, int, FloatImage>? augment = Augmentation is not { } augmentation ? null : (image, i) =>
        {
            var (augmented, moved) = augmentation.Apply(FloatImage.FromBytes(image.Image), boxes[i], new Random(SampleSeed.For(seed, epoch, batch[i].Index)));
            boxes[i] = moved;
            return augmented;
        };
        var images = ImageBatch.Collate(samples.Select(s => new LabeledImage(s.Image, 0)).ToList(), Mean, Std, augment).Images;
        int most = Math.Max(1, boxes.Max(b => b.Count));
        var targets = new float[samples.Count * most * 5];
        Array.Fill(targets, -1f);
        for (int i = 0; i < samples.Count; i++)
        {
            for (int j = 0; j < boxes[i].Count; j++)
            {
                var box = boxes[i][j];
                int row = (i * most + j) * 5;
                (targets[row], targets[row + 1], targets[row + 2], targets[row + 3], targets[row + 4]) = (box.Class, (float)box.X1, (float)box.Y1, (float)box.X2, (float)box.Y2);
            }
        }

        return new DetectionBatch(images, Tensor.FromArray(targets, samples.Count, most, 5), samples);
    }

    private static DetectionSample Fit(DetectionSample sample, int inputSize)
    {
        var image = sample.Image;
        if (image.Width != inputSize || image.Height != inputSize)
        {
            double scaleX = inputSize / (double)image.Width, scaleY = inputSize / (double)image.Height;
            image = ImageResize.Resize(image, inputSize, inputSize, ResizeMethod.Bilinear);
            sample = sample with { Boxes = sample.Boxes.Select(box => box.Scaled(scaleX, scaleY)).ToList() };
        }

        return sample with { Image = image.Channels == 3 ? image : image.CompositeOver(0, 0, 0) }; // gray repeated, alpha over black
    }
}
