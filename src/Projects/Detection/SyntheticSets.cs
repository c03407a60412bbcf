using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// The two generated sets of the detection study, made from data on hand (never copied into the repository). The
/// digits split by class, the classic transfer experiment: the fine-tuning classes are never seen in pretraining.
/// <list type="bullet">
/// <item>Pretraining, 15 classes: Fashion-MNIST items in random colours (training items from its train split,
/// validation items from its test split) and MNIST digits 0-4 in contrasting inks (the first 70% of those in MNIST's
/// test split for training, the rest for validation), on crops of the BSD100 photographs (every fifth photograph kept
/// for validation).</item>
/// <item>Fine-tuning, 5 classes: MNIST digits 5-9 (of those in MNIST's test split, the first half for training, the
/// next fifth for validation, the rest for testing) on crops of 15-Scene's gray scenes (validation scenes every fifth
/// of its train folder, test scenes from its test folder).</item>
/// </list>
/// No image, item, digit or background of one split appears in another.
/// </summary>
public static class SyntheticSets
{
    /// <summary>The digits pretraining sees; the fine-tuning digits are the others.</summary>
    public const int PretrainDigits = 5;

    public static DetectionSplits Pretraining(string root, DetectionOptions options, DatasetLocator locator, ulong seed)
    {
        string fashion = locator.Locate(CifarData.FashionMnist);
        string mnist = locator.Locate("mnist");
        var digits = Digits(IdxDataset.OpenSplit(mnist, train: false), 0, PretrainDigits);
        int trainDigits = digits.Count * 7 / 10;
        var photographs = new UnlabeledImageFolder(locator.Locate("bsd100-hr")).Paths;
        var generator = new SyntheticDetectionSet
        {
            ClassNames = [.. CifarData.FashionClassNames, .. DigitNames(0, PretrainDigits)],
            ImageSize = options.ImageSize,
            Seed = seed,
        };
        int firstDigitClass = CifarData.FashionClassNames.Length;
        ObjectSource[] Sources(bool train, IDataset<LabeledImage> digitImages) =>
        [
            new(IdxDataset.OpenSplit(fashion, train), PasteStyle.Tinted, CifarData.FashionClassNames.Length),
            new(Relabelled(digitImages, firstDigitClass), PasteStyle.Ink, PretrainDigits),
        ];
        generator.Write(root,
        [
            new("train", options.PretrainTrainCount, Sources(train: true, Range(digits, 0, trainDigits)), EveryFifth(photographs, keep: false)),
            new("val", options.PretrainValCount, Sources(train: false, Range(digits, trainDigits, digits.Count - trainDigits)), EveryFifth(photographs, keep: true)),
        ], $"Fashion-MNIST ({fashion}) and MNIST digits 0-{PretrainDigits - 1} ({mnist}) on BSD100 ({locator.Locate("bsd100-hr")})");
        return DetectionSplits.Open(root, $"generated in {root}: Fashion-MNIST items and MNIST digits 0-{PretrainDigits - 1} on BSD100 crops");
    }

    public static DetectionSplits FineTuning(string root, DetectionOptions options, DatasetLocator locator, ulong seed)
    {
        string mnist = locator.Locate("mnist");
        string scenes = locator.Locate("scene15");
        var digits = Digits(IdxDataset.OpenSplit(mnist, train: false), PretrainDigits, 10);
        int trainDigits = digits.Count / 2, validationDigits = digits.Count / 5;
        var trainScenes = new ImageFolderDataset(Path.Combine(scenes, "train")).Samples.Select(s => s.Path).ToList();
        var testScenes = new ImageFolderDataset(Path.Combine(scenes, "test")).Samples.Select(s => s.Path).ToList();
        var generator = new SyntheticDetectionSet { ClassNames = DigitNames(PretrainDigits, 10), ImageSize = options.ImageSize, Seed = seed + 1 };
        ObjectSource[] Source(IDataset<LabeledImage> images) => [new(Relabelled(images, -PretrainDigits), PasteStyle.Ink, 10 - PretrainDigits)];
        generator.Write(root,
        [
            new("train", options.TrainCount, Source(Range(digits, 0, trainDigits)), EveryFifth(trainScenes, keep: false)),
            new("val", options.ValCount, Source(Range(digits, trainDigits, validationDigits)), EveryFifth(trainScenes, keep: true)),
            new("test", options.TestCount, Source(Range(digits, trainDigits + validationDigits, digits.Count - trainDigits - validationDigits)), testScenes),
        ], $"MNIST t10k digits {PretrainDigits}-9 ({mnist}) on 15-Scene ({scenes})");
        return DetectionSplits.Open(root, $"generated in {root}: MNIST digits {PretrainDigits}-9 on 15-Scene crops");
    }

    private static string[] DigitNames(int from, int to) => Enumerable.Range(from, to - from).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // the digits of classes [from, to), in the file's order
    private static DatasetSubset<LabeledImage> Digits(IdxDataset mnist, int from, int to)
        => new(mnist, Enumerable.Range(0, mnist.Count).Where(i => mnist.Labels[i] >= from && mnist.Labels[i] < to));

    private static IDataset<LabeledImage> Range(IDataset<LabeledImage> images, int start, int count) => new DatasetSubset<LabeledImage>(images, Enumerable.Range(start, count));

    private static IDataset<LabeledImage> Relabelled(IDataset<LabeledImage> images, int shift) =>
        new MappedDataset<LabeledImage, LabeledImage>(images, image => image with { Label = image.Label + shift });

    private static IReadOnlyList<string> EveryFifth(IReadOnlyList<string> paths, bool keep) => paths.Where((_, i) => (i % 5 == 4) == keep).ToList();
}
