using System.Globalization;
using IlgpuNet.Layers;
using IlgpuNet.Reporting;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Composite;

/// <summary>report.html and results.md of the composite-image runner.</summary>
public sealed class CompositeReport(RunFolder run, CompositeData data, CompositeOptions options, RunSettings settings)
{
    public void Write(string modelSummary, IReadOnlyList<CompositeExperiment.ModelResult> results, string predictions, string checkpoint, DateTimeOffset started, TimeSpan elapsed)
    {
        bool generated = data.TrainDigits != null;
        var report = new ReportWriter(run, generated && options.ClassSource == CifarData.FashionMnist
            ? "Learning without the shortcut: composite images (Fashion-MNIST stand-in)" : "Learning without the shortcut: composite images");
        report.Metadata(settings, started, elapsed);
        report.Heading("Data");
        report.Paragraph(generated
            ? $"64×64 composites generated in `{Relative(data.Root)}` (ImageFolder layout: train/ and val/ with a folder per class, unlabelled test/; labels.csv holds every image's class and digit). " +
              $"Top-left: the class image ({(options.ClassSource == CifarData.FashionMnist ? "Fashion-MNIST as the stand-in for CIFAR-10, 28×28 gray padded to 32×32 and repeated to RGB" : "CIFAR-10")}); bottom-right: an MNIST t10k digit. " +
              $"In {Pct(options.Correlation)} of training images the digit equals the class; in validation and test the digit is independent of the class. " +
              $"{data.Train.Count} train, {data.Validation.Count} val, {data.TestImages.Count} test images."
            : $"The ImageFolder data set in `{data.Root}`: {data.Train.Count} train, {data.Validation.Count} val, {data.TestImages.Count} unlabelled test images (no labels.csv, so no test accuracy or digit analysis).");
        var grid = new ImageGrid(8) { CellWidth = 96, CellHeight = 96 };
        for (int i = 0; i < Math.Min(16, data.Train.Count); i++)
        {
            int index = i * data.Train.Count / 16;
            grid.Add(data.Train[index].Image, data.TrainDigits == null ? $"class {data.Train[index].Label}" : $"class {data.Train[index].Label} digit {data.TrainDigits[index]}");
        }

        report.Image(run.SaveImage(grid.Render(), "train_samples.png"), "Training composites with their class and digit.");

        report.Heading("Model (Table 1)");
        report.Paragraph("Five convolutions (kernels 7/3/3/3/3, padding 3/1/1/1/1, 16/32/48/64/80 channels), each followed by batch norm, ReLU and a 3×3 max-pool (padding 1); every convolution and pool has stride 1; global average pooling; linear 80 → 10. " +
            "The project text says 128 → 10, but the table's last convolution has 80 channels, so the table is followed. " +
            $"Inputs normalised with mean [0.438, 0.435, 0.422] and std [0.228, 0.225, 0.231]. Adam lr {Num(options.LearningRate)}, batch {options.BatchSize}, cosine learning-rate schedule over {settings.Epochs} epochs; the epoch of lowest validation loss is kept.");
        report.ModelSummary(modelSummary);
        report.Paragraph("**naive**: the images as they are. **robust**: every training image's digit quadrant is replaced by that of a random other training image (digit swap), so the digit carries no information about the class; then Gaussian noise (σ 0.05) and random erasing (p 0.5), the course's augmentations.");

        report.Heading("The shortcut, measured");
        report.Table(["model", "train acc", "val acc", "test acc", "train − val", "val acc, digit = class", "val acc, digit ≠ class", "val: predicts the digit when digit ≠ class", "training time"],
            results.Select(r => Row(r.Label, Pct(r.Stage["train"].Accuracy), Pct(r.Stage["val"].Accuracy), TestAccuracy(r),
                Points(r.Stage["train"].Accuracy - r.Stage["val"].Accuracy),
                Pct(Shortcut(r, "val")?.AgreeAccuracy), Pct(Shortcut(r, "val")?.DisagreeAccuracy), Pct(Shortcut(r, "val")?.FollowsDigit), Minutes(r.Stage.Summary.TrainingSeconds))));
        if (results.Any(r => r.Shortcut.ContainsKey("train")))
        {
            report.Paragraph("The gap measured the other way, on the training images themselves (where digit and class agree in most images):");
            report.Table(["model", "train acc, digit = class", "train acc, digit ≠ class", "difference", "test acc, digit ≠ class"],
                results.Select(r => Row(r.Label, Pct(Shortcut(r, "train")?.AgreeAccuracy), Pct(Shortcut(r, "train")?.DisagreeAccuracy),
                    Points((Shortcut(r, "train")?.AgreeAccuracy ?? double.NaN) - (Shortcut(r, "train")?.DisagreeAccuracy ?? double.NaN)), Pct(Shortcut(r, "test")?.DisagreeAccuracy))));
        }

        foreach (var r in results)
        {
            report.Figure(StageFigures.LossCurvesWithAccuracy(r.Stage, r.Label), $"{r.Stage.Summary.Name}_curves.svg", $"{r.Label}: loss and accuracy per epoch (training accuracy is measured on augmented batches while training).");
        }

        report.Figure(StageFigures.Compare(results.Select(r => (r.Label, r.Stage)), "val_accuracy", "Validation accuracy", "accuracy"), "val_accuracy.svg", "Validation accuracy per epoch (digit independent of class).");
        report.Paragraph($"Deliverables of the robust model: `{Relative(predictions)}` (one predicted class folder per line, test files in sorted order; predictions.csv pairs them with file names) and `{Relative(checkpoint)}` (weights and training metadata, safetensors).");

        report.Heading("First-layer filters");
        foreach (var r in results)
        {
            var conv = (Conv2d)r.Model[0];
            var mosaic = FilterMosaic.Render(conv.Weight.Detach().Contiguous().ToArray(), conv.OutChannels, conv.InChannels, 7, 7, scale: 12);
            report.Image(run.SaveImage(mosaic, $"{r.Stage.Summary.Name}_conv1_filters.png"), $"{r.Label}: all 16 first-layer 7×7 filters (RGB, each min-max scaled).");
        }

        if (results.All(r => r.Norms.Count > 0))
        {
            WriteActivationNorms(report, results);
        }

        report.Save();
    }

    private void WriteActivationNorms(ReportWriter report, IReadOnlyList<CompositeExperiment.ModelResult> results)
    {
        report.Heading("Class-wise activation norms");
        report.Paragraph("For every filter of the first (conv1) and last (conv5) convolution: the L2 norm of its activation map (after batch norm and ReLU), averaged over the validation images of each class. " +
            "Validation digits are independent of the class, so a filter's dependence on the class and on the digit can be told apart: η² is the share of the variance of a filter's norm that the class (or the digit) explains.");
        var classNames = data.Classes.Select(c => c.Split('_', 2)[^1]).ToList();
        foreach (var r in results)
        {
            foreach (var layer in r.Norms)
            {
                // Small multiples: a panel per filter, its bars the classes (one colour each, named once in the legend).
                var grid = new ChartGrid(columns: 8) { Title = $"{r.Label}, {layer.Layer}: mean ‖activation‖₂ per class, a panel per filter", PanelWidth = 120, PanelHeight = 112 };
                for (int f = 0; f < layer.Filters; f++)
                {
                    grid.Add(new BarChart(classNames) { Title = $"filter {f}", ColorByCategory = true, ShowCategoryLabels = false }
                        .Add("mean norm", Enumerable.Range(0, classNames.Count).Select(c => layer.MeanByClass[c, f]).ToList()));
                }

                grid.Legend(classNames);
                report.Figure(grid, $"{r.Stage.Summary.Name}_{layer.Layer}_norms", $"{r.Label}, {layer.Layer}: the mean L2 norm of each filter's activation map over the validation images of each class, one panel per filter (its own y scale).");
            }
        }

        report.Heading("What the norms show", 3);
        var rows = results.SelectMany(r => r.Norms.Select(layer => Row(r.Label, layer.Layer,
            Number(layer.ClassEtaSquared.Average()), Number(layer.DigitEtaSquared.Average()),
            layer.ClassEtaSquared.Zip(layer.DigitEtaSquared).Count(p => p.Second > p.First).ToString(CultureInfo.InvariantCulture) + $" of {layer.Filters}",
            Pct(layer.DigitQuadrantShare.Average()))));
        report.Table(["model", "layer", "mean η² by class", "mean η² by digit", "filters more digit- than class-selective", "activation energy in the digit quadrant"], rows);
        foreach (var layerName in results[0].Norms.Select(n => n.Layer))
        {
            var chart = new BarChart(Enumerable.Range(0, results[0].Norms.First(n => n.Layer == layerName).Filters).Select(f => $"{f}").ToList())
            {
                Title = $"{layerName}: η² of each filter's norm by digit",
                XLabel = "filter",
                YLabel = "η² (digit)",
                Width = 960,
                Height = 320,
            };
            foreach (var r in results)
            {
                chart.Add(r.Label, r.Norms.First(n => n.Layer == layerName).DigitEtaSquared);
            }

            report.Figure(chart, $"{layerName}_digit_eta_squared.svg", $"{layerName}: how much of each filter's activation norm the digit explains, per model.");
        }
    }

    private static ShortcutMeasures? Shortcut(CompositeExperiment.ModelResult r, string split) => r.Shortcut.GetValueOrDefault(split);

    private static string TestAccuracy(CompositeExperiment.ModelResult r) => r.Stage.Summary.Final.TryGetValue("test", out var t) ? Pct(t.Accuracy) : "n/a";

    private static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private string Relative(string path) => Path.GetRelativePath(run.Root, path).Replace('\\', '/');
}
