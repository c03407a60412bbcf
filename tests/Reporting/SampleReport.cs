using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

/// <summary>A report that uses every kind of block and figure, on synthetic data: what the rendering test loads in Chromium.</summary>
internal static class SampleReport
{
    public static HtmlReport Build(RunFolder run)
    {
        var random = new Random(1);
        int epochs = 12;
        var train = Enumerable.Range(1, epochs).Select(e => 2.3 * Math.Exp(-0.35 * e) + 0.02).ToArray();
        var validation = train.Select((v, i) => i == 5 ? double.NaN : (v * 1.15) + 0.05).ToArray();
        var accuracy = train.Select(v => 1 - (v / 2.6)).ToArray();

        string loss = run.SaveFigure(
            new LineChart { Title = "Loss per epoch", XLabel = "epoch", YLabel = "cross-entropy", LogY = true, ShowMarkers = true }
                .Add("train", train).Add("validation (epoch 6 missing)", validation),
            "loss.svg");
        string accuracyFigure = run.SaveFigure(
            new LineChart { Title = "Validation accuracy", XLabel = "epoch", YLabel = "accuracy", YMin = 0, YMax = 1 }.Add("accuracy", accuracy),
            "accuracy.svg");

        string[] classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        var counts = new int[10, 10];
        for (int t = 0; t < 10; t++)
        {
            for (int p = 0; p < 10; p++)
            {
                counts[t, p] = t == p ? 800 + random.Next(150) : random.Next(30);
            }
        }

        string perClass = run.SaveFigure(
            new BarChart(classes) { Title = "Per-class accuracy", YLabel = "accuracy", ShowValues = true }
                .Add("SGD", classes.Select(_ => 0.7 + (random.NextDouble() * 0.25)).ToArray())
                .Add("Adam", classes.Select(_ => 0.75 + (random.NextDouble() * 0.2)).ToArray()),
            "per-class.svg");
        string change = run.SaveFigure(
            new BarChart(["conv1", "conv2", "fc1", "fc2"]) { Title = "Accuracy change when a layer is frozen", YLabel = "Δ accuracy (points)", ShowValues = true }
                .Add("Δ", [-2.5, -0.75, 0.4, 1.25]),
            "ablation.svg");

        var grid = new ImageGrid(columns: 8) { CellWidth = 56, CellHeight = 56, Padding = 4, Resampling = Resampling.Bilinear };
        for (int i = 0; i < 16; i++)
        {
            grid.Add(SyntheticDigit(i, 28), $"{classes[i % 10][..Math.Min(5, classes[i % 10].Length)]} {0.5 + (i * 0.03):0.00}");
        }

        string samples = run.SaveImage(grid.Render(), "predictions.png");
        var weights = Enumerable.Range(0, 16 * 3 * 5 * 5).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        string filters = run.SaveImage(FilterMosaic.Render(weights, 16, 3, 5, 5), "conv1-filters.png");
        var maps = Enumerable.Range(0, 16 * 14 * 14).Select(i => (float)Math.Sin((i % 196) * 0.05 * (1 + (i / 196)))).ToArray();
        string activations = run.SaveImage(ActivationMosaic.Render(maps, 16, 14, 14, scale: 3), "conv1-activations.png");

        return new HtmlReport("Quick start: a small CNN on Fashion-MNIST (synthetic sample)")
            .AddRunMetadata("ilgpunet quickstart --epochs 12 --out runs/quickstart", new DateTimeOffset(2025, 3, 1, 14, 5, 0, TimeSpan.Zero), "cpu (2 cores, AVX-512)", TimeSpan.FromSeconds(754))
            .AddHeading("1. Training")
            .AddParagraph("The model trains with **Adam** at `lr=1e-3`, batch size `128`. Loss is on a log scale; a NaN epoch leaves a gap.")
            .AddImage(loss, "Training and validation loss.")
            .AddImage(accuracyFigure, "Validation accuracy, y axis fixed to [0, 1].")
            .AddTable(["epoch", "train loss", "val accuracy", "time"], Enumerable.Range(0, 4).Select(e => (IReadOnlyList<object?>)[e + 1, train[e], accuracy[e], TimeSpan.FromSeconds(61.5)]), "First epochs.")
            .AddHeading("2. Evaluation")
            .AddChart(Heatmap.ConfusionMatrix(counts, classes), "Confusion matrix on the test set (inline PNG).")
            .AddChart(Heatmap.ConfusionMatrix(counts, classes, normalizeRows: true), "Row-normalised: recall on the diagonal.")
            .AddImage(perClass, "Per-class accuracy of two optimisers.")
            .AddImage(change, "Negative bars hang below zero.")
            .AddImage(samples, "Test images with predicted class and confidence (captions drawn into the PNG by ScottPlot).")
            .AddHeading("3. What the network learned")
            .AddGallery([(filters, "conv1 filters (16×3×5×5, RGB)"), (activations, "conv1 activations of one image")], "Filters and feature maps.")
            .AddBulletList(["Figures are PNG files in `figures/` (with an SVG copy beside each), images PNG files in `images/`.", "Nothing is loaded from the network."]);
    }

    private static ByteImage SyntheticDigit(int seed, int size)
    {
        var image = new ByteImage(size, size, 1);
        double cx = size / 2.0, cy = size / 2.0, radius = size * (0.2 + (0.02 * (seed % 6)));
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double d = Math.Abs(Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy) * (1 + (seed % 3) * 0.3))) - radius);
                image.At(x, y, 0) = (byte)Math.Clamp(255 - (d * 90), 0, 255);
            }
        }

        return image;
    }
}
