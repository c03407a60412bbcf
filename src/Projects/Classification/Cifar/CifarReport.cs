using System.Globalization;
using IlgpuNet.Reporting;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Classification.Cifar;

/// <summary>report.html and results.md of the image-classification runner.</summary>
public sealed class CifarReport(RunFolder run, CifarData data, CifarOptions options, RunSettings settings)
{
    public void Write(string modelSummary, long baselineParameters, StageResult baseline, IReadOnlyList<(string Label, StageResult Stage, long Parameters)> improved,
        TransferStudy.Result? transfer, FilterStudy.Figures? filters, DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new ReportWriter(run, $"Image classification: {(data.IsStandIn ? "Fashion-MNIST stand-in for CIFAR-10" : "CIFAR-10")}");
        report.Metadata(settings, started, elapsed);
        report.Paragraph($"Data: {data.Name}. {options.TrainCount} training and {options.ValidationCount} validation images drawn (seeded) from the training split, " +
            $"{baseline["test"].Targets.Length} test images. Inputs are normalised with the training images' per-channel mean and std. " +
            $"Up to {settings.Epochs} epochs per model, batch {options.BatchSize}, Adam lr {Num(options.LearningRate)}, early stopping on validation loss (patience {options.Patience}); the weights of the lowest validation loss are kept.");

        report.Heading("Baseline (Table 2)");
        report.Paragraph($"Conv 5×5 (32, 64, 128 filters, padding 2), each with ReLU and 2×2 max-pool; flatten; FC 64 + ReLU; FC 10: **{baselineParameters:N0} parameters**.");
        report.ModelSummary(modelSummary);
        report.Figure(StageFigures.LossCurves(baseline, "Baseline: train and validation loss"), "baseline_loss.svg", "Baseline: training and validation loss per epoch.");
        report.Table(["split", "accuracy", "loss"], new[] { "train", "val", "test" }.Select(s => Row(s, Pct(baseline[s].Accuracy), Num(baseline[s].Loss))));
        report.Paragraph(Stopping(baseline));
        report.Figure(StageFigures.Confusion(baseline["test"], data.ClassNames, "Baseline test confusion (rows: true class)"), "baseline_confusion.svg", "Baseline confusion matrix on the test set, rows normalised.");

        report.Heading("Improved models");
        var all = new List<(string Label, StageResult Stage, long Parameters)> { ("baseline (Table 2)", baseline, baselineParameters) };
        all.AddRange(improved);
        report.Table(["model", "parameters", "epochs run", "kept epoch", "train acc", "val acc", "test acc", "training time"],
            all.Select(m => Row(m.Label, m.Parameters.ToString("N0", CultureInfo.InvariantCulture), m.Stage.Summary.EpochsRun.ToString(CultureInfo.InvariantCulture),
                m.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture), Pct(m.Stage["train"].Accuracy), Pct(m.Stage["val"].Accuracy), Pct(m.Stage["test"].Accuracy), Minutes(m.Stage.Summary.TrainingSeconds))));
        report.Paragraph("**batch norm**: Table 2 with a BatchNorm2d between every convolution and its ReLU, nothing else changed. " +
            "**deeper + augmentation + cosine**: three blocks of two 3×3 convolutions (32, 64, 128 channels, batch norm after each) and a 2×2 max-pool, the same FC 64 head; " +
            "random crop (padding 4) and horizontal flip; Adam with a cosine learning-rate schedule over the epochs.");
        int best = Enumerable.Range(1, all.Count - 1).MaxBy(i => all[i].Stage["test"].Accuracy - all[i - 1].Stage["test"].Accuracy);
        var (beforeLabel, before, _) = all[best - 1];
        var (afterLabel, after, _) = all[best];
        report.Paragraph($"The step that helped most on the test set: **{afterLabel}** ({Pct(before["test"].Accuracy)} → {Pct(after["test"].Accuracy)}).");
        report.Figure(StageFigures.Compare([($"before: {beforeLabel}", before), ($"after: {afterLabel}", after)], "val_accuracy", "Validation accuracy before and after", "accuracy"),
            "before_after_val_accuracy.svg", $"Validation accuracy per epoch before and after {afterLabel}.");
        report.Figure(StageFigures.Compare([($"before: {beforeLabel}", before), ($"after: {afterLabel}", after)], "val_loss", "Validation loss before and after", "cross-entropy"),
            "before_after_val_loss.svg", $"Validation loss per epoch before and after {afterLabel}.");
        foreach (var (label, stage, _) in improved)
        {
            report.Figure(StageFigures.LossCurves(stage, $"{label}: train and validation loss"), $"{stage.Summary.Name}_loss.svg", $"{label}: loss curves.");
        }

        if (transfer != null)
        {
            WriteTransfer(report, transfer);
        }

        if (filters != null)
        {
            report.Heading("Filters and activations (transferred ResNet18)");
            report.Paragraph($"The fine-tuned ResNet18 (trained at {options.TransferSize}×{options.TransferSize}; conv1 comes frozen from the source network) is run on one target test image resized to {FilterStudy.InputSize}×{FilterStudy.InputSize}.");
            report.Image(filters.InputImage, $"The input image ({FilterStudy.InputSize}×{FilterStudy.InputSize}).");
            report.Image(filters.FilterActivations, $"First-layer filters {string.Join(", ", FilterStudy.Filters)} (7×7, min-max scaled) beside their activation maps on the image.");
            report.Image(filters.LastLayerMaps, $"The first ten activation maps of the last convolutional stage (layer4 output, {string.Join("×", filters.LastLayerShape)}), each min-max scaled.");
        }

        report.Heading("Time");
        var stages = all.Select(a => (a.Label, a.Stage)).ToList();
        if (transfer != null)
        {
            stages.AddRange(new[] { ("ResNet18 source pretraining", transfer.Source), ("ResNet18 fine-tuning", transfer.FineTuned), ("ResNet18 from scratch", transfer.Scratch) }
                .Where(s => s.Item2 != null).Select(s => (s.Item1, s.Item2!)));
        }

        report.Table(["model", "epochs", "training time (train + validation passes)"], stages.Select(s => Row(s.Label, s.Stage.Summary.EpochsRun.ToString(CultureInfo.InvariantCulture), Minutes(s.Stage.Summary.TrainingSeconds))));
        report.Paragraph($"The whole run took {Minutes(elapsed.TotalSeconds)} on {Environment.ProcessorCount} cores.");
        report.Save();
    }

    private void WriteTransfer(ReportWriter report, TransferStudy.Result transfer)
    {
        report.Heading("Transfer learning (ResNet18)");
        string source = transfer.Source == null
            ? $"the torchvision checkpoint `{options.Pretrained}`"
            : $"a ResNet18 pretrained here on {options.PretrainCount} images of {data.Name} for {transfer.Source.Summary.EpochsRun} epochs (Adam 1e-3, batch 64; validation accuracy {Pct(transfer.Source["val"].Accuracy)})";
        report.Paragraph($"Source: {source}. Target: {transfer.TargetName}, {options.TargetTrainCount} training images. " +
            $"Fine-tuning freezes everything except layer4 and a new fc (Adam 5e-4, batch 32, ImageNet normalisation, images resized to {options.TransferSize}×{options.TransferSize}: " +
            "224 is far too slow on this CPU). The same network trained from scratch on the same images is the control.");
        report.Table(["model", "trainable parameters", "train acc", "val acc", "test acc", "training time"],
        [
            Row("fine-tuned (layer4 + fc)", transfer.FineTunedTrainable.ToString("N0", CultureInfo.InvariantCulture), Pct(transfer.FineTuned["train"].Accuracy), Pct(transfer.FineTuned["val"].Accuracy), Pct(transfer.FineTuned["test"].Accuracy), Minutes(transfer.FineTuned.Summary.TrainingSeconds)),
            Row("from scratch (all layers)", transfer.ScratchTrainable.ToString("N0", CultureInfo.InvariantCulture), Pct(transfer.Scratch["train"].Accuracy), Pct(transfer.Scratch["val"].Accuracy), Pct(transfer.Scratch["test"].Accuracy), Minutes(transfer.Scratch.Summary.TrainingSeconds)),
        ]);
        if (transfer.Source != null)
        {
            report.Figure(StageFigures.LossCurves(transfer.Source, "Source pretraining"), "transfer_source_loss.svg", "Source pretraining: loss curves.");
        }

        report.Figure(StageFigures.LossCurves(transfer.FineTuned, "Fine-tuned ResNet18"), "transfer_finetune_loss.svg", "Fine-tuning layer4 + fc: loss curves.");
        report.Figure(StageFigures.LossCurves(transfer.Scratch, "ResNet18 from scratch"), "transfer_scratch_loss.svg", "The same network from scratch: loss curves.");
        report.Figure(StageFigures.Compare([("fine-tuned", transfer.FineTuned), ("from scratch", transfer.Scratch)], "val_accuracy", "Target validation accuracy", "accuracy"),
            "transfer_val_accuracy.svg", "Validation accuracy on the target: transferred against from scratch.");
        report.Figure(StageFigures.Confusion(transfer.FineTuned["test"], transfer.TargetClasses, "Fine-tuned ResNet18, target test confusion"), "transfer_confusion.svg", "Fine-tuned ResNet18: target test confusion matrix.");
    }

    private static string Stopping(StageResult stage) => stage.Summary.StoppedEarly
        ? $"Early stopping ended training after epoch {stage.Summary.EpochsRun}; epoch {stage.Summary.BestEpoch} had the lowest validation loss and its weights are the ones evaluated."
        : $"Training ran all {stage.Summary.EpochsRun} epochs; epoch {stage.Summary.BestEpoch} had the lowest validation loss and its weights are the ones evaluated.";
}
