using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// Training and validation images for one scale factor, prepared as FSRCNN §4.1: every training image is also
/// downscaled by 0.9, 0.8, 0.7 and 0.6 (bicubic) — the rotations by 90°, 180° and 270° are applied to each patch when
/// it is drawn — then cropped to a multiple of the factor and downscaled by it with MATLAB's bicubic imresize. Only
/// the Y channel is kept, as 8-bit planes (the low-resolution plane rounded to bytes, as the test sets' LR images are).
/// The last images of the folder (by name) are held out for validation, in colour, with LR made the same way.
/// </summary>
public sealed class SrTrainingSet
{
    public static readonly IReadOnlyList<double> AugmentationScales = [1.0, 0.9, 0.8, 0.7, 0.6];

    private SrTrainingSet(int scale, IReadOnlyList<string> trainingFiles, IReadOnlyList<LumaPair> versions,
        IReadOnlyList<SuperResolutionPair> validation)
    {
        Scale = scale;
        TrainingFiles = trainingFiles;
        Versions = versions;
        Validation = validation;
    }

    public int Scale { get; }

    public IReadOnlyList<string> TrainingFiles { get; }

    /// <summary>Every training image at every augmentation scale, as luma pairs.</summary>
    public IReadOnlyList<LumaPair> Versions { get; }

    /// <summary>Mean of the high-resolution training luma, in [0, 1].</summary>
    public double MeanLuma => Versions.Sum(v => v.HighRes.Pixels.Sum(p => (double)p)) / Versions.Sum(v => (double)v.HighRes.Pixels.Length) / 255;

    /// <summary>The held-out images: colour HR (cropped to a multiple of the factor) with its bicubic LR.</summary>
    public IReadOnlyList<SuperResolutionPair> Validation { get; }

    /// <param name="folder">Images directly inside it (PNG, JPEG, BMP, PNM), sorted by name.</param>
    /// <param name="validationCount">How many of the last images to hold out; at least one image must remain for training.</param>
    public static SrTrainingSet Load(string folder, int scale, int validationCount, IReadOnlyList<double>? augmentationScales = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        var images = new UnlabeledImageFolder(folder);
        if (images.Count <= validationCount)
        {
            throw new ArgumentException($"{folder} holds {images.Count} images: too few to hold out {validationCount} for validation and train on the rest");
        }

        var scales = augmentationScales ?? AugmentationScales;
        int trainingCount = images.Count - validationCount;
        var versions = new LumaPair[trainingCount * scales.Count];
        Parallel.For(0, trainingCount, i =>
        {
            var luma = Luma.Of(images[i].Image);
            for (int s = 0; s < scales.Count; s++)
            {
                versions[i * scales.Count + s] = MakePair(luma, scales[s], scale, images.Paths[i]);
            }
        });

        var validation = new List<SuperResolutionPair>();
        for (int i = trainingCount; i < images.Count; i++)
        {
            var highRes = Luma.ModCrop(images[i].Image, scale);
            validation.Add(new SuperResolutionPair(Path.GetFileNameWithoutExtension(images.Paths[i]), scale, highRes, Luma.Downscale(highRes, scale)));
        }

        return new SrTrainingSet(scale, images.Paths.Take(trainingCount).ToArray(), versions, validation);
    }

    private static LumaPair MakePair(ByteImage luma, double augmentationScale, int scale, string path)
    {
        var resized = augmentationScale == 1.0 ? luma : ImageResize.Resize(luma, augmentationScale, ResizeMethod.Bicubic);
        if (resized.Width < scale || resized.Height < scale)
        {
            throw new ArgumentException($"{path}: at {augmentationScale:0.#} of its size the image is smaller than the scale factor {scale}");
        }

        var highRes = Luma.ModCrop(resized, scale);
        return new LumaPair(highRes, Luma.Downscale(highRes, scale));
    }
}
