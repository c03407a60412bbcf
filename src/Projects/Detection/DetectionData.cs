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
/// batch bytes → [0, 1] → per-channel normalisation, and the boxes as a padded target tensor
/// (<see cref="DetectionBatch"/>). The order of an epoch depends only on (seed, epoch).
/// </summary>
public sealed class DetectionData
{
    public DetectionData(IDataset<DetectionSample> samples, int inputSize, float[] mean, float[] std, ulong seed = 0)
    {
        InputSize = inputSize;
        Mean = mean;
        Std = std;
        this.seed = seed;
        Samples = new MaterializedDataset<DetectionSample>(new MappedDataset<DetectionSample, DetectionSample>(samples, Fit));
    }

    private readonly ulong seed;

    public IDataset<DetectionSample> Samples { get; }

    public int InputSize { get; }

    public float[] Mean { get; }

    public float[] Std { get; }

    public int Count => Samples.Count;

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>The batches of one epoch: shuffled by (seed, epoch) when <paramref name="shuffle"/>, else in order.</summary>
    public IEnumerable<DetectionBatch> Batches(int epoch, int batchSize, bool shuffle)
        => new DataLoader<DetectionSample, DetectionBatch>(Samples, batchSize, Collate, shuffle: shuffle, seed: seed).Epoch(epoch);

    public DetectionBatch Collate(IReadOnlyList<DetectionSample> samples)
    {
        var images = ImageBatch.Collate(samples.Select(s => new LabeledImage(s.Image, 0)).ToList(), Mean, Std).Images;
        int most = Math.Max(1, samples.Max(s => s.Boxes.Count));
        var targets = new float[samples.Count * most * 5];
        Array.Fill(targets, -1f);
        for (int i = 0; i < samples.Count; i++)
        {
            for (int j = 0; j < samples[i].Boxes.Count; j++)
            {
                var box = samples[i].Boxes[j];
                int row = (i * most + j) * 5;
                (targets[row], targets[row + 1], targets[row + 2], targets[row + 3], targets[row + 4]) = (box.Class, (float)box.X1, (float)box.Y1, (float)box.X2, (float)box.Y2);
            }
        }

        return new DetectionBatch(images, Tensor.FromArray(targets, samples.Count, most, 5), samples);
    }

    private DetectionSample Fit(DetectionSample sample)
    {
        var image = sample.Image;
        if (image.Width != InputSize || image.Height != InputSize)
        {
            double scaleX = InputSize / (double)image.Width, scaleY = InputSize / (double)image.Height;
            image = ImageResize.Resize(image, InputSize, InputSize, ResizeMethod.Bilinear);
            sample = sample with { Boxes = sample.Boxes.Select(box => box.Scaled(scaleX, scaleY)).ToList() };
        }

        return sample with { Image = image.Channels == 3 ? image : image.CompositeOver(0, 0, 0) }; // gray repeated, alpha over black
    }
}
