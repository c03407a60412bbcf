using System.Diagnostics;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Classification.Quickstart;

/// <summary>
/// The quick start: the course's Table-2 baseline CNN adapted to 28×28 gray images (conv 5×5 32/64/128 with padding 2,
/// each followed by ReLU and 2×2 max-pool, FC 64 + ReLU, FC 10), trained with Adam on Fashion-MNIST; writes
/// metrics.csv, a checkpoint per epoch (resumable), figures and report.html. 5,000 training images are held out to
/// choose the kept epoch; the test set only scores it.
/// </summary>
public sealed class QuickstartExperiment(RunSettings settings, QuickstartOptions options)
{
    private static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // Fashion-MNIST training-set statistics (torchvision's usual values), so inputs are roughly zero-mean, unit-std.
    private static readonly float[] Mean = [0.2860f];
    private static readonly float[] Std = [0.3530f];

    /// <summary>Images held out of the 60,000 training images to choose the kept epoch (the test set never is).</summary>
    private const int ValidationImages = 5000;

    public static Sequential BuildModel() => Table2Cnn.Create(inChannels: 1, imageSize: 28);

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var folder = new DatasetLocator(settings.DataDirectory).Locate("fashion-mnist");
        var all = IdxDataset.OpenSplit(folder, train: true);
        var testSplit = IdxDataset.OpenSplit(folder, train: false);
        int evalLimit = options.EvalLimit ?? int.MaxValue;
        var testImages = new DatasetSubset<LabeledImage>(testSplit, Enumerable.Range(0, Math.Min(evalLimit, testSplit.Count)));
        int validationCount = Math.Min(Math.Min(ValidationImages, all.Count / 10), evalLimit);
        int trainCount = Math.Min(options.Limit ?? int.MaxValue, all.Count - validationCount);
        int batchSize = options.BatchSize;
        double learningRate = options.LearningRate;
        var (trainImages, validationImages) = DatasetSubset<LabeledImage>.RandomSplit(all, trainCount, validationCount, settings.Seed);

        Tensor.ManualSeed(settings.Seed);
        var model = BuildModel();
        model.To(settings.Device);
        var optimizer = new Adam(model.Parameters(), learningRate);
        var run = RunFolder.Create(settings.OutDirectory);
        new ResultOptions().Add("--seed", settings.Seed).Add("--data", folder).Add("--batch-size", batchSize).Add("--lr", learningRate)
            .Add("--limit", options.Limit).Add("--epochs", settings.Epochs, mayChange: true) // a constant rate: more epochs continue the same run
            .CheckAndRecord(run.Root, settings);
        run.WriteConfig(new { experiment = "quickstart", dataset = "fashion-mnist", data = folder, settings.Epochs, batchSize, learningRate, settings.Seed, device = settings.Device.ToString(), trainImages = trainCount, validationImages = validationCount, testImages = testImages.Count });
        Console.WriteLine($"quickstart: Table-2 CNN on Fashion-MNIST ({trainCount} train / {validationCount} validation / {testImages.Count} test), {settings.Epochs} epochs, batch {batchSize}, Adam {learningRate}");
        Console.WriteLine(Summary.Create(model, 1, 28, 28));

        var test = new ClassificationData(testImages, Mean, Std);
        var stage = new TrainingStage("table2", model, optimizer)
        {
            Train = new ClassificationData(trainImages, Mean, Std, seed: settings.Seed),
            Validation = new ClassificationData(validationImages, Mean, Std),
            Epochs = settings.Epochs,
            BatchSize = batchSize,
            LogIterations = true,
            FinalSplits = new Dictionary<string, ClassificationData> { ["test"] = test },
        };
        var result = stage.Run(run, settings.Resume);
        var final = result["test"];
        AtomicFile.Copy(result.Folder.MetricsPath, run.MetricsPath); // the run's metrics.csv: its one stage's epochs
        WriteReport(run, model, result, final, testImages, started, clock.Elapsed);
        run.WriteSummary(new { test_accuracy = final.Accuracy, test_loss = final.Loss, kept_epoch = result.Summary.BestEpoch, training_seconds = result.Summary.TrainingSeconds, seconds = clock.Elapsed.TotalSeconds, epochs = settings.Epochs });
        Console.WriteLine($"test accuracy {final.Accuracy:P2} (epoch {result.Summary.BestEpoch} of {settings.Epochs}); {clock.Elapsed.TotalSeconds:F0} s in all, {result.Summary.TrainingSeconds:F0} s training");
        Console.WriteLine(Path.GetFullPath(run.Root));
        return 0;
    }

    private void WriteReport(RunFolder run, Sequential model, StageResult stage, Evaluation result,
        IDataset<LabeledImage> test, DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new HtmlReport("Quick start: Table-2 CNN on Fashion-MNIST");
        report.AddRunMetadata(settings.CommandLine, started, settings.Device.ToString(), elapsed);
        report.AddParagraph("The course's Table-2 baseline (three 5×5 convolutions with 32, 64 and 128 filters, padding 2, each followed by ReLU and 2×2 max-pooling; a 64-unit hidden layer; 10 outputs), adapted to 28×28 gray images, trained with Adam on Fashion-MNIST.");

        report.AddHeading("Results");
        report.AddParagraph($"Trained on the training split (validation images held out); the epoch with the lowest validation loss (epoch {stage.Summary.BestEpoch}) is kept and scored on {test.Count:N0} test images: test accuracy {result.Accuracy:P2}, test loss {result.Loss:F4}.");
        var metrics = stage.Metrics;
        report.AddTable(["epoch", "train loss", "train accuracy", "validation loss", "validation accuracy", "seconds"],
            metrics.Rows.Select(r => (IReadOnlyList<object?>)[(int)r[0], r[1], r[2], r[3], r[4], r[6]]));

        var iterationLosses = stage.Iterations!.Column("loss").ToList();
        var lossChart = new LineChart { Title = "Training loss per iteration", XLabel = "iteration", YLabel = "cross-entropy" }
            .Add("loss", iterationLosses)
            .Add("moving average (50)", MovingAverage(iterationLosses, 50));
        report.AddImage(run.SaveFigure(lossChart, "loss.svg"), "Training loss per iteration.");
        var epochs = metrics.Column("epoch");
        var accuracyChart = new LineChart { Title = "Accuracy per epoch", XLabel = "epoch", YLabel = "accuracy", ShowMarkers = true }
            .Add("train", epochs, metrics.Column("train_accuracy"))
            .Add("validation", epochs, metrics.Column("val_accuracy"));
        report.AddImage(run.SaveFigure(accuracyChart, "accuracy.svg"), "Train and validation accuracy per epoch.");

        report.AddHeading("Confusion matrix (test set)");
        var confusion = ConfusionMatrix.From(result.Predictions, result.Targets, 10);
        var heatmap = StageFigures.Confusion(result, ClassNames, "Test confusion matrix (rows: true class, fractions)");
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
