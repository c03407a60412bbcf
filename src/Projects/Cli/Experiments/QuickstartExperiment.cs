using System.Diagnostics;
using IlgpuNet.Cli.Experiments.Training;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using Spectre.Console;

namespace IlgpuNet.Cli.Experiments;

/// <summary>
/// The quick start: the course's Table-2 baseline CNN adapted to 28×28 gray images (conv 5×5 32/64/128 with padding 2,
/// each followed by ReLU and 2×2 max-pool, FC 64 + ReLU, FC 10), trained with Adam on Fashion-MNIST; writes
/// metrics.csv, a checkpoint per epoch, figures and report.html.
/// </summary>
public sealed class QuickstartExperiment(RunSettings settings, int batchSize, double learningRate, int? limit)
{
    private static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // Fashion-MNIST training-set statistics (torchvision's usual values), so inputs are roughly zero-mean, unit-std.
    private static readonly float[] Mean = [0.2860f];
    private static readonly float[] Std = [0.3530f];

    public static Sequential BuildModel() => new(
        new Conv2d(1, 32, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(64, 128, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(128 * 3 * 3, 64), new ReLU(), new Linear(64, 10));

    public int Run()
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var folder = new DatasetLocator(settings.DataDirectory).Locate("fashion-mnist");
        IDataset<LabeledImage> train = IdxDataset.OpenSplit(folder, train: true);
        var test = IdxDataset.OpenSplit(folder, train: false);
        if (limit is int n && n < train.Count)
        {
            train = new DatasetPrefix<LabeledImage>(train, n);
        }

        Tensor.ManualSeed(settings.Seed);
        var model = BuildModel();
        model.To(settings.Device);
        var optimizer = new Adam(model.Parameters(), learningRate);
        var run = RunFolder.Create(settings.OutDirectory);
        run.WriteConfig(new { experiment = "quickstart", dataset = "fashion-mnist", data = folder, settings.Epochs, batchSize, learningRate, settings.Seed, device = settings.Device.ToString(), trainImages = train.Count });
        AnsiConsole.MarkupLine($"[bold]quickstart[/]: Table-2 CNN on Fashion-MNIST ({train.Count} train / {test.Count} test), {settings.Epochs} epochs, batch {batchSize}, Adam {learningRate}");
        AnsiConsole.WriteLine(Summary.Create(model, 1, 28, 28));

        var trainData = new ClassificationData(train, Mean, Std, seed: settings.Seed);
        var testData = new ClassificationData(test, Mean, Std, seed: settings.Seed);
        var metrics = run.OpenMetrics(["epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"]);
        var iterationLosses = new List<double>();
        Evaluation? last = null;
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var (trainLoss, trainAccuracy) = ClassifierSteps.TrainEpoch(model, optimizer, trainData, epoch, batchSize, $"epoch {epoch}", iterationLosses.Add);
            last = ClassifierSteps.Evaluate(model, testData, 500);
            metrics.Append(epoch, trainLoss, trainAccuracy, last.Loss, last.Accuracy, clock.Elapsed.TotalSeconds);
            AnsiConsole.MarkupLine($"epoch {epoch}: train loss {trainLoss:F4}, train acc {trainAccuracy:P2}, test loss {last.Loss:F4}, [bold]test acc {last.Accuracy:P2}[/] ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        WriteReport(run, model, metrics, iterationLosses, last!, test, started, clock.Elapsed);
        run.WriteSummary(new { test_accuracy = last!.Accuracy, test_loss = last.Loss, seconds = clock.Elapsed.TotalSeconds, epochs = settings.Epochs });
        AnsiConsole.MarkupLine($"test accuracy {last.Accuracy:P2} after {settings.Epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine(Path.GetFullPath(run.Root));
        return 0;
    }

    private void WriteReport(RunFolder run, Sequential model, MetricsLog metrics, List<double> iterationLosses, Evaluation result,
        IdxDataset test, DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new HtmlReport("Quick start: Table-2 CNN on Fashion-MNIST");
        report.AddRunMetadata(settings.CommandLine, started, settings.Device.ToString(), elapsed);
        report.AddParagraph("The course's Table-2 baseline (three 5×5 convolutions with 32, 64 and 128 filters, padding 2, each followed by ReLU and 2×2 max-pooling; a 64-unit hidden layer; 10 outputs), adapted to 28×28 gray images, trained with Adam on Fashion-MNIST.");

        report.AddHeading("Results");
        report.AddTable(["epoch", "train loss", "train accuracy", "test loss", "test accuracy", "elapsed (s)"],
            metrics.Rows.Select(r => (IReadOnlyList<object?>)[(int)r[0], r[1], r[2], r[3], r[4], r[5]]));

        var smoothed = MovingAverage(iterationLosses, 50);
        var lossChart = new LineChart { Title = "Training loss per iteration", XLabel = "iteration", YLabel = "cross-entropy" }
            .Add("loss", iterationLosses.Select(v => v).ToList())
            .Add("moving average (50)", smoothed);
        report.AddImage(run.SaveFigure(lossChart, "loss.svg"), "Training loss per iteration.");
        var epochs = metrics.Column("epoch");
        var accuracyChart = new LineChart { Title = "Accuracy per epoch", XLabel = "epoch", YLabel = "accuracy", ShowMarkers = true }
            .Add("train", epochs, metrics.Column("train_accuracy"))
            .Add("test", epochs, metrics.Column("test_accuracy"));
        report.AddImage(run.SaveFigure(accuracyChart, "accuracy.svg"), "Train and test accuracy per epoch.");

        report.AddHeading("Confusion matrix (test set)");
        var confusion = ConfusionMatrix.From(result.Predictions, result.Targets, 10);
        var counts = new int[10, 10];
        for (int t = 0; t < 10; t++)
        {
            for (int p = 0; p < 10; p++)
            {
                counts[t, p] = (int)confusion[t, p];
            }
        }

        var heatmap = Heatmap.ConfusionMatrix(counts, ClassNames, normalizeRows: true);
        heatmap.Title = "Test confusion matrix (rows: true class, fractions)";
        report.AddImage(run.SaveFigure(heatmap, "confusion.svg"), "Rows are the true class; each row sums to 1.");
        var perClass = confusion.PerClassAccuracy();
        report.AddTable(["class", "accuracy"], ClassNames.Select((name, i) => (IReadOnlyList<object?>)[name, perClass[i]]));

        report.AddHeading("First-layer filters");
        var conv1 = (Conv2d)model[0];
        var filters = FilterMosaic.Render(conv1.Weight.Detach().ToArray(), 32, 1, 5, 5);
        report.AddImage(run.SaveImage(filters, "conv1_filters.png"), "The 32 learned 5×5 filters of the first convolution.");

        report.AddHeading("Misclassified test images");
        var grid = new ImageGrid(8) { CellWidth = 56, CellHeight = 56 };
        for (int i = 0, shown = 0; i < result.Targets.Length && shown < 24; i++)
        {
            if (result.Predictions[i] != result.Targets[i])
            {
                grid.Add(test[i].Image, $"{Short(result.Predictions[i])}/{Short(result.Targets[i])}");
                shown++;
            }
        }

        if (grid.Count == 0)
        {
            report.AddParagraph("Every test image was classified correctly.");
        }
        else
        {
            report.AddImage(run.SaveImage(grid.Render(), "misclassified.png"), "Each caption is predicted/true class.");
        }
        run.SaveReport(report);
    }

    private static string Short(int label) => ClassNames[label].Split('/', ' ')[0];

    private static List<double> MovingAverage(List<double> values, int window)
    {
        var result = new List<double>(values.Count);
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result.Add(sum / Math.Min(i + 1, window));
        }

        return result;
    }
}
