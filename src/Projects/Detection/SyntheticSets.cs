using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// The two generated sets of the detection study, made from data on hand (never copied into the repository): for
/// pretraining, Fashion-MNIST items in random colours on crops of the BSD100 photographs (training items from
/// Fashion-MNIST's train split, validation items from its test split; every fifth photograph kept for validation); for
/// fine-tuning, MNIST digits in inks contrasting with crops of 15-Scene's gray scenes (the first half of MNIST's test
/// split for training, the next fifth for validation, the rest for testing: digits 0-4,999, 5,000-6,999 and
/// 7,000-9,999; validation scenes every fifth of 15-Scene's train folder, test scenes from its test folder). No image, digit or item of one split appears in another.
/// </summary>
public static class SyntheticSets
{
    public static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static DetectionSplits Pretraining(string root, DetectionOptions options, DatasetLocator locator, ulong seed)
    {
        string fashion = locator.Locate(CifarData.FashionMnist);
        var photographs = new UnlabeledImageFolder(locator.Locate("bsd100-hr")).Paths;
        var generator = new SyntheticDetectionSet { ClassNames = CifarData.FashionClassNames, Style = PasteStyle.Tinted, ImageSize = options.ImageSize, Seed = seed };
        generator.Write(root,
        [
            new("train", options.PretrainTrainCount, IdxDataset.OpenSplit(fashion, train: true), EveryFifth(photographs, keep: false)),
            new("val", options.PretrainValCount, IdxDataset.OpenSplit(fashion, train: false), EveryFifth(photographs, keep: true)),
        ], $"Fashion-MNIST ({fashion}) on BSD100 ({locator.Locate("bsd100-hr")})");
        return DetectionSplits.Open(root, $"generated in {root}: Fashion-MNIST items on BSD100 crops");
    }

    public static DetectionSplits FineTuning(string root, DetectionOptions options, DatasetLocator locator, ulong seed)
    {
        string mnist = locator.Locate("mnist");
        string scenes = locator.Locate("scene15");
        var digits = IdxDataset.OpenSplit(mnist, train: false);
        int trainDigits = digits.Count / 2, validationDigits = digits.Count / 5;

        var trainScenes = new ImageFolderDataset(Path.Combine(scenes, "train")).Samples.Select(s => s.Path).ToList();
        var testScenes = new ImageFolderDataset(Path.Combine(scenes, "test")).Samples.Select(s => s.Path).ToList();
        var generator = new SyntheticDetectionSet { ClassNames = DigitNames, Style = PasteStyle.Ink, ImageSize = options.ImageSize, Seed = seed + 1 };
        generator.Write(root,
        [
            new("train", options.TrainCount, Digits(digits, 0, trainDigits), EveryFifth(trainScenes, keep: false)),
            new("val", options.ValCount, Digits(digits, trainDigits, validationDigits), EveryFifth(trainScenes, keep: true)),
            new("test", options.TestCount, Digits(digits, trainDigits + validationDigits, digits.Count - trainDigits - validationDigits), testScenes),
        ], $"MNIST t10k ({mnist}) on 15-Scene ({scenes})");
        return DetectionSplits.Open(root, $"generated in {root}: MNIST digits on 15-Scene crops");
    }

    private static IDataset<LabeledImage> Digits(IdxDataset digits, int start, int count) => new DatasetSubset<LabeledImage>(digits, Enumerable.Range(start, count));

    private static IReadOnlyList<string> EveryFifth(IReadOnlyList<string> paths, bool keep) => paths.Where((_, i) => (i % 5 == 4) == keep).ToList();
}
