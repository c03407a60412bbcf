using System.Globalization;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Transfer;

/// <summary>
/// Correctly and incorrectly classified images of one model, picked two ways: by hand (by rule: the most confident
/// right answers and the most confident mistakes, where a model is most instructive) and at random (seeded), so the
/// typical case shows too. Each caption gives the true class, the predicted one and its probability.
/// </summary>
public static class ExampleGallery
{
    public sealed record Grids(ByteImage ConfidentCorrect, ByteImage ConfidentWrong, ByteImage RandomCorrect, ByteImage RandomWrong);

    public static Grids Render(IDataset<LabeledImage> images, Predictions predictions, IReadOnlyList<string> classNames, int count, ulong seed)
    {
        var evaluation = predictions.Evaluate();
        double Confidence(int i) => predictions.Row(i)[evaluation.Predictions[i]];
        var correct = Enumerable.Range(0, predictions.Count).Where(i => evaluation.Predictions[i] == evaluation.Targets[i]).ToArray();
        var wrong = Enumerable.Range(0, predictions.Count).Where(i => evaluation.Predictions[i] != evaluation.Targets[i]).ToArray();
        var random = new Random(SampleSeed.For(seed, -3, 0));
        ByteImage Grid(IEnumerable<int> picked) => Draw(images, picked.ToList(), evaluation, Confidence, classNames);
        return new Grids(
            Grid(correct.OrderByDescending(Confidence).Take(count)),
            Grid(wrong.OrderByDescending(Confidence).Take(count)),
            Grid(PickDistinct(correct, count, random)),
            Grid(PickDistinct(wrong, count, random)));
    }

    private static int[] PickDistinct(int[] pool, int count, Random random)
    {
        var shuffled = (int[])pool.Clone();
        random.Shuffle(shuffled);
        return shuffled.Take(count).Order().ToArray();
    }

    private static ByteImage Draw(IDataset<LabeledImage> images, IReadOnlyList<int> picked, Evaluation evaluation, Func<int, double> confidence, IReadOnlyList<string> classNames)
    {
        var grid = new ImageGrid(4) { CellWidth = 150, CellHeight = 150, Resampling = Resampling.Bilinear };
        if (picked.Count == 0)
        {
            grid.Add(new ByteImage(150, 150, 3), "none");
        }

        foreach (int i in picked)
        {
            string verdict = evaluation.Predictions[i] == evaluation.Targets[i] ? classNames[evaluation.Targets[i]]
                : $"{classNames[evaluation.Targets[i]]} as {classNames[evaluation.Predictions[i]]}";
            grid.Add(images[i].Image, $"{verdict} {confidence(i).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal)}");
        }

        return grid.Render();
    }
}
