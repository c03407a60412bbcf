using System.Globalization;
using IlgpuNet.Reporting;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Classification.Scene15;

/// <summary>report.html and results.md of the scene-recognition runner.</summary>
public sealed class Scene15Report(RunFolder run, Scene15Options options, RunSettings settings, IReadOnlyList<string> classNames)
{
    private const double Target = 0.50;

    public void Write(string simpleNetSummary, IReadOnlyList<Scene15Experiment.ModelResult> models, Scene15Experiment.TransferResult? transfer,
        int trainCount, int validationCount, int testCount, DateTimeOffset started, TimeSpan elapsed)
    {
        const int k = Scene15Experiment.TopK;
        var report = new ReportWriter(run, "Scene recognition: 15-Scene");
        report.Metadata(settings, started, elapsed);
        report.Paragraph($"Data: the 15-Scene images (grayscale), resized to {options.ImageSize}×{options.ImageSize} gray as the course does. " +
            $"{options.ValidationPerClass} images of every class are held out of the training folder for validation (seeded): {trainCount} training, {validationCount} validation, {testCount} test images. " +
            $"Every model trains {settings.Epochs} epochs with batch {options.BatchSize}; the weights of the epoch with the lowest validation loss are the ones evaluated. Top-{k} counts an image as right when its class is among the {k} highest scores.");

        report.Heading("SimpleNet and its improvements");
        report.ModelSummary(simpleNetSummary);
        report.Table(["model", "what changed", "parameters", "kept epoch", "train acc", "val acc", "test acc", $"test top-{k}", "training time"],
            models.Select(m => Row(m.Label, m.Description, m.Parameters.ToString("N0", CultureInfo.InvariantCulture), m.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture),
                Pct(m.Stage["train"].Accuracy), Pct(m.Stage["val"].Accuracy), Pct(m.Stage["test"].Accuracy), Pct(m.Stage["test"].TopK(k)), Minutes(m.Stage.Summary.TrainingSeconds))));
        report.Paragraph($"SimpleNet variants use Adam (lr {Num(options.SimpleLearningRate)}); each row keeps the changes of the rows above it. The deeper network uses Adam (lr {Num(options.LearningRate)}) with a cosine schedule.");
        var best = models.MaxBy(m => m.Stage["test"].Accuracy)!;
        double bestTest = best.Stage["test"].Accuracy;
        report.Paragraph(bestTest >= Target
            ? $"**{best.Label}** reaches {Pct(bestTest)} test accuracy: the 50% target is met{(bestTest >= 0.60 ? ", and so is the 60% aim" : $", the 60% aim is not ({Points(bestTest - 0.60)})")}."
            : $"**The 50% target is not reached**: the best model, {best.Label}, gets {Pct(bestTest)} on the test set.");
        report.Figure(StageFigures.Compare(models.Select(m => (m.Label, m.Stage)), "val_accuracy", "Validation top-1 accuracy", "accuracy"), "val_accuracy.svg", "Validation top-1 accuracy per epoch, every model.");
        report.Figure(StageFigures.Compare(models.Select(m => (m.Label, m.Stage)), $"val_top{k}", $"Validation top-{k} accuracy", "accuracy"), $"val_top{k}.svg", $"Validation top-{k} accuracy per epoch, every model.");
        foreach (var m in models)
        {
            report.Figure(StageFigures.TopKCurves(m.Stage, k, $"{m.Label}: top-1 and top-{k}"), $"{m.Stage.Summary.Name}_accuracy.svg", $"{m.Label}: top-1 and top-{k} accuracy per epoch (training accuracy measured on the augmented batches while training).");
            report.Figure(StageFigures.LossCurves(m.Stage, $"{m.Label}: loss"), $"{m.Stage.Summary.Name}_loss.svg", $"{m.Label}: training and validation loss per epoch.");
        }

        report.Figure(StageFigures.Confusion(best.Stage["test"], classNames, $"{best.Label}: test confusion (rows: true class)"), "best_confusion.svg", $"{best.Label}: confusion matrix on the test set, rows as fractions.");

        if (transfer != null)
        {
            WriteTransfer(report, transfer, k);
        }

        report.Paragraph($"The whole run took {Minutes(elapsed.TotalSeconds)} on {Environment.ProcessorCount} cores.");
        report.Save();
    }

    private void WriteTransfer(ReportWriter report, Scene15Experiment.TransferResult transfer, int k)
    {
        report.Heading("Part 2: transfer learning");
        report.Paragraph($"Source: {transfer.SourceDescription}. The scene images are resized to {options.TransferSize}×{options.TransferSize}, gray repeated to RGB, ImageNet-normalised, flipped at random while training; " +
            $"Adam 5e-4, batch 32, {options.TransferEpochs} epochs. With `--pretrained {Scene15Experiment.AlexNetFile}` (torchvision's ImageNet AlexNet) this part fine-tunes AlexNet's classifier instead, as the course does.");
        var rows = new[] { transfer.FineTuned, transfer.Scratch }.OfType<Scene15Experiment.ModelResult>().ToList();
        report.Table(["model", "what", "trainable parameters", "kept epoch", "train acc", "val acc", "test acc", $"test top-{k}", "training time"],
            rows.Select(m => Row(m.Label, m.Description, m.Parameters.ToString("N0", CultureInfo.InvariantCulture), m.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture),
                Pct(m.Stage["train"].Accuracy), Pct(m.Stage["val"].Accuracy), Pct(m.Stage["test"].Accuracy), Pct(m.Stage["test"].TopK(k)), Minutes(m.Stage.Summary.TrainingSeconds))));
        if (transfer.Source != null)
        {
            report.Figure(StageFigures.LossCurves(transfer.Source, "ResNet18 pretraining on Fashion-MNIST"), "transfer_source_loss.svg", "Source pretraining (Fashion-MNIST): loss per epoch.");
        }

        foreach (var m in rows)
        {
            report.Figure(StageFigures.TopKCurves(m.Stage, k, $"{m.Label}: top-1 and top-{k}"), $"{m.Stage.Summary.Name}_accuracy.svg", $"{m.Label}: top-1 and top-{k} accuracy per epoch.");
        }

        if (rows.Count > 1)
        {
            report.Figure(StageFigures.Compare(rows.Select(m => (m.Label, m.Stage)), "val_accuracy", "Transfer: validation accuracy", "accuracy"), "transfer_val_accuracy.svg", "Validation accuracy: fine-tuned against from scratch.");
        }
    }
}
