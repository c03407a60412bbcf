using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Training;

namespace IlgpuNet.Composite;

/// <summary>
/// The composite data set as the runner reads it: train and val ImageFolders, the unlabelled test folder and, for a
/// generated set, every image's digit and the test labels (from labels.csv; null for a set without it).
/// </summary>
public sealed record CompositeData(
    string Root,
    IReadOnlyList<string> Classes,
    IDataset<LabeledImage> Train,
    IDataset<LabeledImage> Validation,
    UnlabeledImageFolder TestImages,
    int[]? TrainDigits,
    int[]? ValidationDigits,
    IDataset<LabeledImage>? LabelledTest,
    int[]? TestDigits)
{
    /// <summary>Generates the data set under <paramref name="root"/> (or reuses it) from the class source and MNIST t10k.</summary>
    public static CompositeData Generate(string root, CompositeOptions options, string? dataDirectory, ulong seed, SkippedImages? skipped = null)
    {
        var classes = CifarData.Load(options.ClassSource, dataDirectory);
        var digits = IdxDataset.OpenSplit(new DatasetLocator(dataDirectory).Locate("mnist"), train: false);
        new CompositeDatasetBuilder(classes, digits, seed).Build(root, options.TrainCount, options.ValidationCount, options.TestCount, options.Correlation);
        return Open(root, skipped);
    }

    /// <summary>
    /// Reads an ImageFolder data set (train/, val/, test/), with labels.csv when it has one. An image that cannot be
    /// decoded stops the reading with its path, or is left out when <paramref name="skipped"/> is given.
    /// </summary>
    public static CompositeData Open(string root, SkippedImages? skipped = null)
    {
        foreach (var folder in new[] { "train", "val", "test" })
        {
            if (!Directory.Exists(Path.Combine(root, folder)))
            {
                throw new DirectoryNotFoundException($"composite data set {root} has no {folder}/ folder (expected train/ and val/ with class folders, test/ with images)");
            }
        }

        var train = new ImageFolderDataset(Path.Combine(root, "train"));
        var validation = new ImageFolderDataset(Path.Combine(root, "val"));
        if (!train.Classes.SequenceEqual(validation.Classes))
        {
            throw new InvalidDataException($"{root}: train/ has classes {string.Join(", ", train.Classes)} but val/ has {string.Join(", ", validation.Classes)}");
        }

        var test = new UnlabeledImageFolder(Path.Combine(root, "test"));
        var labels = File.Exists(Path.Combine(root, CompositeDatasetBuilder.LabelsFile))
            ? CompositeDatasetBuilder.ReadLabels(root).ToDictionary(s => Path.GetFullPath(Path.Combine(root, s.File)))
            : null;
        int[]? Digits(IEnumerable<string> paths) => labels == null ? null : paths.Select(p => Lookup(labels, p).Digit).ToArray();
        var labelledTest = labels == null ? null
            : new MaterializedDataset<LabeledImage>(new MappedDataset<NamedImage, LabeledImage>(test, image => new LabeledImage(image.Image, Lookup(labels, image.Path).Label)), skipped);
        var trainImages = new MaterializedDataset<LabeledImage>(train, skipped);
        var validationImages = new MaterializedDataset<LabeledImage>(validation, skipped);
        return new CompositeData(root, train.Classes, trainImages, validationImages, test,
            Digits(trainImages.KeptIndices.Select(i => train.Samples[i].Path)), Digits(validationImages.KeptIndices.Select(i => validation.Samples[i].Path)),
            labelledTest, Digits((labelledTest?.KeptIndices ?? []).Select(i => test.Paths[i])));
    }

    private static CompositeSample Lookup(Dictionary<string, CompositeSample> labels, string path) =>
        labels.TryGetValue(Path.GetFullPath(path), out var sample) ? sample
            : throw new InvalidDataException($"{path} is not listed in {CompositeDatasetBuilder.LabelsFile}");
}
