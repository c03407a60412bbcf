using System.Globalization;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Layers.Models;
using IlgpuNet.Reporting;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Detection;

/// <summary>report.html and results.md of the detection runner.</summary>
public sealed class DetectionReport(RunFolder run, RunSettings settings, DetectionOptions options, DetectionReport.Sets sets)
{
    /// <summary>The data the run used: both sets' splits and the batches it trained and tested on.</summary>
    public sealed record Sets(DetectionSplits? Pretrain, DetectionSplits FineTune, DetectionData? PretrainTrain, DetectionData Train, DetectionData Test, bool TestIsValidation);

    private const int PictureScale = 3;
    private const int GridScale = 2;

    private IReadOnlyList<string> Classes => sets.FineTune.ClassNames;

    private string Augmentation => options.Augment
        ? "; training batches augmented (scale 0.75–1.35 about the centre, shift up to 20% of the side, colour jitter 0.3; boxes less than 40% visible dropped)" : "";

    /// <param name="pretraining">Null when the run fine-tuned a detector read from <see cref="DetectionOptions.Pretrained"/>.</param>
    public void Write(string modelSummary, DetectionExperiment.StageOutcome? pretraining, IReadOnlyList<DetectionExperiment.StageOutcome> stages,
        DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new ReportWriter(run, "Object detection by frozen fine-tuning");
        report.Metadata(settings, started, elapsed);
        WriteData(report);
        WriteDetector(report, modelSummary);
        WritePretraining(report, pretraining);
        if (stages.Count > 0)
        {
            WriteFineTuning(report, stages);
            WritePredictions(report, stages);
        }

        report.Save();
    }

    private void WriteData(ReportWriter report)
    {
        report.Heading("Data");
        string pretraining = sets.Pretrain is { } pretrain
            ? $"**Pretraining**: {pretrain.Description}; {pretrain.Train.Count} training and {pretrain.Validation.Count} validation images, classes {string.Join(", ", pretrain.ClassNames)}. "
            : $"**Pretraining**: none in this run; the detector was read from `{options.Pretrained}`. ";
        report.Paragraph(pretraining + $"**Fine-tuning**: {sets.FineTune.Description}; {sets.FineTune.Train.Count} training, " +
            $"{sets.FineTune.Validation.Count} validation and {(sets.TestIsValidation ? "no test images (the validation split is reported as the test)" : $"{sets.Test.Count} test images")}, " +
            $"classes {string.Join(", ", Classes)}. Both in YOLO's layout (images/SPLIT, labels/SPLIT with `class cx cy w h` per object, classes.txt); " +
            $"the network sees every image at {options.ImageSize}×{options.ImageSize}, normalised with ImageNet's mean and std.");
        bool generatedPretraining = options.Pretrained == null && options.PretrainDataset == null;
        if (options.Dataset == null)
        {
            report.Paragraph("The generated sets: one to four objects per image, each a 28×28 gray image resized to 24–64 pixels and pasted where it overlaps other objects by at most 15% of the smaller box; " +
                "the box is the tight box of the object's pixels that are at least half opaque. Fashion-MNIST items keep their shading in a random colour; digits are drawn in an ink that contrasts with the background. " +
                (generatedPretraining
                    ? $"The digits are split by class: pretraining sees 0–{SyntheticSets.PretrainDigits - 1} (beside the ten Fashion-MNIST classes), fine-tuning learns {SyntheticSets.PretrainDigits}–9, classes the detector has never seen. " +
                      "Items, digits and backgrounds are disjoint between splits: BSD100 photographs behind the pretraining images (every fifth for validation), 15-Scene's train folder behind the fine-tuning training and validation images (every fifth for validation) and its test folder behind the test images."
                    : $"Fine-tuning learns the digits {SyntheticSets.PretrainDigits}–9; digits and backgrounds are disjoint between splits: 15-Scene's train folder behind the training and validation images (every fifth for validation) and its test folder behind the test images."));
        }

        if (sets.Pretrain is { } pretrainSet && sets.PretrainTrain is { } pretrainTrain)
        {
            report.Image(run.SaveImage(TruthGrid(pretrainTrain, pretrainSet.ClassNames), "pretrain_samples.png"), "Pretraining images with their boxes.");
        }

        report.Image(run.SaveImage(TruthGrid(sets.Train, Classes), "finetune_samples.png"), "Fine-tuning images with their boxes.");
    }

    private void WriteDetector(ReportWriter report, string modelSummary)
    {
        var model = new YoloDetector(Classes.Count);
        report.Heading("Detector");
        report.Paragraph($"A single-stage, **anchor-free** YOLO-style detector: the backbone is ResNet18's stem and first three stages from the model zoo (`backbone.*`, torchvision's names); " +
            $"a one-level FPN neck (`neck.*`) adds the 1×1 projections of the stride-16 map (upsampled ×2) and of the stride-8 map and smooths them with a 3×3 convolution, batch norm and ReLU; " +
            $"the head (`head.*`: 3×3 convolution, batch norm, ReLU, 1×1 convolution) predicts one box per cell of the stride-8 grid ({options.ImageSize / YoloDetector.Stride}×{options.ImageSize / YoloDetector.Stride} cells): " +
            "centre = cell corner + (2σ(t) − 0.5) cells (YOLOv5), width and height = exp(t) × 8 pixels (YOLOX), objectness, and one logit per class. " +
            "Each object trains the cell holding its centre and the nearer horizontal and vertical neighbours. " +
            "Loss = 5 × mean(1 − GIoU) over those cells + objectness BCE with logits over all cells (target: the detached GIoU on object cells, 0 elsewhere) + BCEcls " +
            $"(BCE with logits against one-hot classes{(options.LabelSmoothing > 0 ? $", label smoothing {Num(options.LabelSmoothing)}" : "")}), the last two summed and divided by the number of object cells. " +
            "Inference: score = objectness × probability of the best class; boxes of score ≥ 0.001 go through class-wise NMS at IoU 0.5 and the best 100 per image are kept.");
        var groups = model.NamedParameters().GroupBy(p => p.Name.Split('.')[0]).Select(g => Row(g.Key, g.Sum(p => (long)p.Parameter.Numel).ToString("N0", CultureInfo.InvariantCulture)));
        report.Table(["part", "parameters"], groups);
        report.ModelSummary(modelSummary);
    }

    private void WritePretraining(ReportWriter report, DetectionExperiment.StageOutcome? pretraining)
    {
        report.Heading("Pretraining");
        if (pretraining == null)
        {
            report.Paragraph($"Not in this run: the fine-tuning stages start from the detector in `{options.Pretrained}` (all but its prediction layer).");
            return;
        }

        var stage = pretraining.Stage;
        report.Paragraph($"All {pretraining.Trainable:N0} parameters trained from scratch for {stage.Summary.EpochsRun} epochs: Adam lr {Num(options.LearningRate)}, cosine schedule, batch {options.BatchSize}{Augmentation}; " +
            $"kept epoch {stage.Summary.BestEpoch} (best validation mAP@0.5:0.95), {Minutes(stage.Summary.TrainingSeconds)} of training. " +
            $"Validation: **mAP@0.5 {Num3(pretraining.Test.Metrics.Map50)}**, mAP@0.5:0.95 {Num3(pretraining.Test.Metrics.Map)}.");
        report.Figure(Curves([("train", stage)], "train_loss", "Pretraining: training and validation loss", "loss")
            .Add("validation", stage.Metrics.Column("epoch"), stage.Metrics.Column("val_loss")), "pretrain_loss.svg", "Pretraining loss per epoch.");
        report.Figure(Curves([("mAP@0.5", stage)], "val_map50", "Pretraining: validation mAP", "mAP")
            .Add("mAP@0.5:0.95", stage.Metrics.Column("epoch"), stage.Metrics.Column("val_map")), "pretrain_map.svg", "Pretraining validation mAP per epoch.");
    }

    private void WriteFineTuning(ReportWriter report, IReadOnlyList<DetectionExperiment.StageOutcome> stages)
    {
        report.Heading("Fine-tuning");
        report.Paragraph($"Every stage has the same budget: {settings.Epochs} epochs over the {sets.Train.Count} training images, Adam lr {Num(options.LearningRate)} on the parameters it trains, cosine schedule, batch {options.BatchSize}{Augmentation}. " +
            "Parameters are frozen by name (`NamedParameters()` prefixes: `backbone.`, `neck.`): they get no gradient and the optimizer never sees them, and the batch norms of frozen parts stay in eval mode, keeping their pretrained statistics. " +
            $"The prediction layer (`{FineTuning.PredictionLayer.TrimEnd('.')}`) starts fresh in every stage. Each stage keeps its epoch of best validation mAP@0.5:0.95; the numbers are on the {(sets.TestIsValidation ? "validation" : "test")} split ({sets.Test.Count} images).");
        report.Table(["stage", "what is trained", "frozen parameters", "trained parameters", "kept epoch", "training time", "mAP@0.5", "mAP@0.5:0.95"],
            stages.Select(s => Row(s.Name, FineTuning.Describe(s.Name), s.Frozen.ToString("N0", CultureInfo.InvariantCulture), s.Trainable.ToString("N0", CultureInfo.InvariantCulture),
                s.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture), Minutes(s.Stage.Summary.TrainingSeconds), Num3(s.Test.Metrics.Map50), Num3(s.Test.Metrics.Map))));
        var named = stages.Select(s => (s.Name, s.Stage)).ToList();
        report.Figure(Curves(named, "val_map50", "Validation mAP@0.5 per epoch", "mAP@0.5"), "finetune_val_map50.svg", "Validation mAP@0.5 of each fine-tuning stage per epoch.");
        report.Figure(Curves(named, "train_loss", "Training loss per epoch", "loss"), "finetune_train_loss.svg", "Training loss (box × 5 + objectness + classification) of each stage per epoch.");

        report.Heading("Per-class average precision", 3);
        report.Table(["class", "objects", .. stages.Select(s => $"{s.Name} AP@0.5"), .. stages.Select(s => $"{s.Name} AP@0.5:0.95")],
            Classes.Select((name, c) => Row([name, stages[0].Test.Metrics.GroundTruthCounts[c].ToString(CultureInfo.InvariantCulture),
                .. stages.Select(s => Num3(s.Test.Metrics.Ap50(c))), .. stages.Select(s => Num3(s.Test.Metrics.Ap(c)))])));

        report.Heading("Precision-recall curves", 3);
        var main = stages[0];
        var perClass = new LineChart { Title = $"{main.Name}: precision-recall at IoU 0.5 per class", XLabel = "recall", YLabel = "precision", YMin = 0, YMax = 1 };
        for (int c = 0; c < Classes.Count; c++)
        {
            if (main.Test.Metrics.GroundTruthCounts[c] > 0)
            {
                perClass.Add($"{Classes[c]} (AP {Num3(main.Test.Metrics.Ap50(c))})", DetectionMetrics.RecallThresholds, main.Test.Metrics.PrecisionAtIou50[c]);
            }
        }

        report.Figure(perClass, "pr_per_class.svg", $"{main.Name}: interpolated precision at the 101 recall levels, IoU 0.5, per class.");
        var byStage = new LineChart { Title = "Precision-recall at IoU 0.5, mean over classes", XLabel = "recall", YLabel = "precision", YMin = 0, YMax = 1 };
        foreach (var s in stages)
        {
            var present = Enumerable.Range(0, Classes.Count).Where(c => s.Test.Metrics.GroundTruthCounts[c] > 0).ToList();
            var mean = DetectionMetrics.RecallThresholds.Select((_, r) => present.Average(c => s.Test.Metrics.PrecisionAtIou50[c][r])).ToList();
            byStage.Add($"{s.Name} (mAP@0.5 {Num3(s.Test.Metrics.Map50)})", DetectionMetrics.RecallThresholds, mean);
        }

        report.Figure(byStage, "pr_by_stage.svg", "Each stage's precision-recall curve at IoU 0.5 averaged over classes (its area is mAP@0.5).");
    }

    private void WritePredictions(ReportWriter report, IReadOnlyList<DetectionExperiment.StageOutcome> stages)
    {
        report.Heading("Predictions");
        var main = stages[0];
        report.Paragraph($"Detections of score ≥ {Num(options.DrawThreshold)} on {(sets.TestIsValidation ? "validation" : "test")} images, drawn with their class and score (colour by class); captions give the true objects.");
        for (int i = 0; i < 2 && i < sets.Test.Count; i++)
        {
            var sample = sets.Test.Samples[i];
            var picture = Draw(sample.Image, main.Test.Detections[i], PictureScale);
            report.Image(run.SaveImage(picture, $"prediction_{i + 1}.png"), $"{main.Name}, test image {i + 1} ({Path.GetFileName(sample.Source)}): true objects {Truth(sample)}.");
        }

        var grid = new ImageGrid(4) { CellWidth = options.ImageSize * GridScale, CellHeight = options.ImageSize * GridScale };
        for (int i = 2; i < Math.Min(18, sets.Test.Count); i++)
        {
            grid.Add(Draw(sets.Test.Samples[i].Image, main.Test.Detections[i], GridScale), $"true: {Truth(sets.Test.Samples[i])}");
        }

        if (grid.Count > 0)
        {
            report.Image(run.SaveImage(grid.Render(), "predictions_grid.png"), $"{main.Name}: detections on {grid.Count} more test images (caption: the true objects).");
        }

        if (stages.Count > 1)
        {
            var comparison = new ImageGrid(stages.Count) { CellWidth = options.ImageSize * GridScale, CellHeight = options.ImageSize * GridScale };
            for (int i = 0; i < Math.Min(4, sets.Test.Count); i++)
            {
                foreach (var s in stages)
                {
                    comparison.Add(Draw(sets.Test.Samples[i].Image, s.Test.Detections[i], GridScale), s.Name);
                }
            }

            report.Image(run.SaveImage(comparison.Render(), "predictions_by_stage.png"), $"The same test images through every stage (columns: {string.Join(", ", stages.Select(s => s.Name))}).");
        }
    }

    private ByteImage Draw(ByteImage image, IEnumerable<DetectedObject> detections, int scale)
    {
        var overlay = new BoxOverlay(image, scale);
        foreach (var d in detections.Where(d => d.Score >= options.DrawThreshold).Reverse())
        {
            overlay.Add(d.Box.X1, d.Box.Y1, d.Box.X2, d.Box.Y2, $"{Classes[d.Box.Class]} {d.Score.ToString("F2", CultureInfo.InvariantCulture)}", Palette.Series(d.Box.Class));
        }

        return overlay.Render();
    }

    private static ByteImage TruthGrid(DetectionData data, IReadOnlyList<string> classes)
    {
        var grid = new ImageGrid(4) { CellWidth = data.InputSize * GridScale, CellHeight = data.InputSize * GridScale };
        for (int i = 0; i < Math.Min(8, data.Count); i++)
        {
            var sample = data.Samples[i];
            var overlay = new BoxOverlay(sample.Image, GridScale);
            foreach (var box in sample.Boxes)
            {
                overlay.Add(box.X1, box.Y1, box.X2, box.Y2, classes[box.Class], Palette.Series(box.Class));
            }

            grid.Add(overlay.Render(), Path.GetFileName(sample.Source));
        }

        return grid.Render();
    }

    private string Truth(DetectionSample sample) => sample.Boxes.Count == 0 ? "none" : string.Join(" ", sample.Boxes.OrderBy(b => b.X1).Select(b => Classes[b.Class]));

    private static LineChart Curves(IEnumerable<(string Label, StageResult Stage)> stages, string column, string title, string yLabel)
        => StageFigures.Compare(stages, column, title, yLabel);

    private static string Num3(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3", CultureInfo.InvariantCulture);
}
