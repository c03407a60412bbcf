using System.Globalization;
using IlgpuNet.Reporting;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Classification.Transfer;

/// <summary>report.html and results.md of the transfer-learning runner.</summary>
public sealed class TransferReport(RunFolder run, TransferOptions options, RunSettings settings, TransferExperiment.Study study)
{
    public void Write(IReadOnlyList<TransferExperiment.TrainedModel> analysed, ClassificationData validation, DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new ReportWriter(run, $"Transfer learning: {Path.GetFileName(Path.TrimEndingDirectorySeparator(study.DatasetRoot))}");
        report.Metadata(settings, started, elapsed);
        report.Paragraph($"Data: `{study.DatasetRoot}`, {study.Classes.Count} classes ({string.Join(", ", study.Classes)}). Images resized to {options.ImageSize}×{options.ImageSize} RGB (gray repeated), ImageNet-normalised. " +
            $"{options.ValidationPerClass} images of every class held out of train/ for validation (seeded): {study.TrainCount} training, {study.ValidationCount} validation and {study.TestCount} test images. " +
            $"Every model trains {settings.Epochs} epochs, batch {options.BatchSize}; the weights of its epoch of lowest validation loss are kept. Augmentation, where used: random resized crops (60–100% of the area) and horizontal flips. " +
            $"Pretrained weights: {study.SourceDescription}.");

        WriteModels(report);
        WriteCurves(report);
        WriteTtaAndEnsemble(report);
        var examples = PickAttributionImages(analysed[0], options.ExampleCount);
        foreach (var (model, role) in analysed.Zip(new[] { "best model", "for comparison" }))
        {
            WriteAnalysis(report, model, role, validation, examples);
        }

        WriteTest(report);
        report.Paragraph($"The whole run took {Minutes(elapsed.TotalSeconds)} on {Environment.ProcessorCount} cores.");
        report.Save();
    }

    private void WriteModels(ReportWriter report)
    {
        report.Heading("Models");
        report.Table(["model", "start", "trained", "optimizer", "augmented", "trainable parameters", "kept epoch", "final train acc", "final val acc", "val acc with TTA", "training time"],
            study.Models.Select(m => Row($"`{m.Config.Name}`", m.Config.Start, m.Config.Trained, m.Config.Training, m.Config.Augmented ? "yes" : "no",
                m.Trainable.ToString("N0", CultureInfo.InvariantCulture), m.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture),
                Pct(m.Stage["train"].Accuracy), Pct(m.Stage["val"].Accuracy), Pct(m.ValidationTta.Evaluate().Accuracy), Minutes(m.Stage.Summary.TrainingSeconds))));
        report.Paragraph($"`cnn-*`: {TransferModels.CnnFamily} (four conv-BN-ReLU-pool blocks, global average pooling, dropout 0.5, linear). `resnet18-*`: torchvision's ResNet18 layout with a new {study.Classes.Count}-way fc. " +
            "Final accuracies are those of the kept weights, measured without augmentation after training; training accuracy per epoch in the curves below is measured on the augmented batches while training.");
        if (study.Source != null)
        {
            report.Figure(StageFigures.LossCurves(study.Source, "ResNet18 pretraining on Fashion-MNIST"), "source_loss.svg", "Source pretraining (Fashion-MNIST): loss per epoch.");
        }
    }

    private void WriteCurves(ReportWriter report)
    {
        report.Heading("Training curves");
        var iterations = new LineChart { Title = "Training loss per iteration", XLabel = "iteration", YLabel = "cross-entropy", Width = 960, Height = 420 };
        foreach (var m in study.Models)
        {
            var log = m.Stage.Iterations ?? throw new InvalidOperationException($"{m.Config.Name} logged no iterations");
            iterations.Add(m.Config.Name, log.Column("iteration"), log.Column("loss"));
        }

        report.Figure(iterations, "loss_per_iteration.svg", "Training loss of every mini-batch, every model.");
        var named = study.Models.Select(m => (m.Config.Name, m.Stage)).ToList();
        report.Figure(StageFigures.Compare(named, "train_accuracy", "Training accuracy per epoch", "accuracy"), "train_accuracy.svg", "Training accuracy per epoch (on augmented batches where the model is augmented).");
        report.Figure(StageFigures.Compare(named, "val_accuracy", "Validation accuracy per epoch", "accuracy"), "val_accuracy.svg", "Validation accuracy per epoch.");
        report.Figure(StageFigures.Compare(named, "val_loss", "Validation loss per epoch", "cross-entropy"), "val_loss.svg", "Validation loss per epoch.");
    }

    private void WriteTtaAndEnsemble(ReportWriter report)
    {
        report.Heading("Test-time augmentation and ensemble");
        report.Paragraph($"Test-time augmentation averages the softmax probabilities over {study.TtaViews.Count} views of each image: {string.Join("; ", study.TtaViews)}. " +
            $"The ensemble averages the TTA probabilities of the {study.EnsembleMembers.Count} models best on validation: {string.Join(", ", study.EnsembleMembers.Select(m => $"`{m.Config.Name}`"))}.");
        var rows = study.Models.Select(m => Row($"`{m.Config.Name}`", Pct(m.Stage["val"].Accuracy), Pct(m.ValidationTta.Evaluate().Accuracy), Points(m.ValidationTta.Evaluate().Accuracy - m.Stage["val"].Accuracy))).ToList();
        double bestSingle = study.Models.Max(m => m.ValidationTta.Evaluate().Accuracy);
        rows.Add(Row("**ensemble**", "", Pct(study.EnsembleValidation.Accuracy), Points(study.EnsembleValidation.Accuracy - bestSingle) + " over the best single model with TTA"));
        report.Table(["model", "val acc", "val acc with TTA", "TTA gain"], rows);
    }

    /// <summary>Half right, half wrong answers of the best model on validation images (seeded), the same images for every analysed model.</summary>
    private int[] PickAttributionImages(TransferExperiment.TrainedModel best, int count)
    {
        var evaluation = best.Validation.Evaluate();
        var random = new Random(SampleSeed.For(settings.Seed, -4, 0));
        var right = Enumerable.Range(0, evaluation.Targets.Length).Where(i => evaluation.Predictions[i] == evaluation.Targets[i]).ToArray();
        var wrong = Enumerable.Range(0, evaluation.Targets.Length).Where(i => evaluation.Predictions[i] != evaluation.Targets[i]).ToArray();
        random.Shuffle(right);
        random.Shuffle(wrong);
        int wrongCount = Math.Min(wrong.Length, count / 2);
        return [.. right.Take(count - wrongCount).Concat(wrong.Take(wrongCount))];
    }

    private void WriteAnalysis(ReportWriter report, TransferExperiment.TrainedModel model, string role, ClassificationData validation, int[] attributionImages)
    {
        string name = model.Config.Name;
        report.Heading($"`{name}` ({role})");
        var evaluation = model.Validation.Evaluate();
        report.Figure(StageFigures.Confusion(evaluation, study.Classes, $"{name}: validation"), $"{name}_val_confusion.svg",
            $"{name}: confusion matrix on the validation set, each row as fractions of that class's images.");

        var grids = ExampleGallery.Render(validation.Samples, model.Validation, study.Classes, options.ExampleCount, settings.Seed);
        report.Image(run.SaveImage(grids.ConfidentCorrect, $"{name}_confident_correct.png"), $"{name}, hand-picked: the most confident correct answers on validation (true class, probability).");
        report.Image(run.SaveImage(grids.ConfidentWrong, $"{name}_confident_wrong.png"), $"{name}, hand-picked: the most confident mistakes on validation (true class as predicted class, probability of the prediction).");
        report.Image(run.SaveImage(grids.RandomCorrect, $"{name}_random_correct.png"), $"{name}: correct answers drawn at random (seeded).");
        report.Image(run.SaveImage(grids.RandomWrong, $"{name}_random_wrong.png"), $"{name}: mistakes drawn at random (seeded).");

        var classes = attributionImages.Select(i => evaluation.Targets[i]).ToList();
        var maps = Attribution.Explain(model.Model, TransferExperiment.Batch(validation, attributionImages), classes, model.Model.GetSubmodule(model.CamLayer));
        var grid = new Reporting.ImageGrid(attributionImages.Length) { CellWidth = 128, CellHeight = 128, Resampling = Resampling.Bilinear };
        foreach (int i in attributionImages)
        {
            grid.Add(validation.Samples[i].Image, $"{study.Classes[evaluation.Targets[i]]}>{study.Classes[evaluation.Predictions[i]]}");
        }

        int side = options.ImageSize;
        foreach (var saliency in maps.Saliency)
        {
            grid.Add(HeatmapOverlay.MapOnly(saliency.Data, side, side), "saliency");
        }

        for (int k = 0; k < attributionImages.Length; k++)
        {
            grid.Add(HeatmapOverlay.Render(validation.Samples[attributionImages[k]].Image, maps.GradCam[k].Data), "Grad-CAM");
        }

        report.Image(run.SaveImage(grid.Render(), $"{name}_attribution.png"),
            $"{name}: validation images (caption: true class > predicted class), their saliency maps (largest |∂ score of the true class / ∂ pixel| over the channels, Simonyan et al.) " +
            $"and Grad-CAM for the true class on `{model.CamLayer}` laid over the image.");
    }

    private void WriteTest(ReportWriter report)
    {
        var test = study.Test;
        var best = test.Best;
        report.Heading("The best model on the test set");
        double val = best.Stage["val"].Accuracy, difference = test.Plain.Accuracy - val;
        double standardError = Math.Sqrt(val * (1 - val) / study.ValidationCount);
        report.Table(["", "validation", "test"],
        [
            Row($"`{best.Config.Name}`", Pct(val), Pct(test.Plain.Accuracy)),
            Row($"`{best.Config.Name}` with TTA", Pct(best.ValidationTta.Evaluate().Accuracy), Pct(test.Tta.Accuracy)),
            Row("ensemble", Pct(study.EnsembleValidation.Accuracy), Pct(test.Ensemble.Accuracy)),
        ]);
        report.Paragraph($"`{best.Config.Name}` was chosen for its validation accuracy alone; the test set was used once, after every choice was made. " +
            $"Test minus validation: {Points(difference)}. The validation set has {study.ValidationCount} images, so its accuracy is uncertain by about ±{(100 * standardError).ToString("F1", CultureInfo.InvariantCulture)} points (one standard error); " +
            (Math.Abs(difference) <= 2 * standardError
                ? "the difference is within two standard errors, as expected of a fair estimate."
                : difference < 0
                    ? "the test accuracy is lower by more than two standard errors: picking the best of several models on a small validation set favours the one that was luckiest on it, and the test images may differ from the training folder's."
                    : "the test accuracy is higher by more than two standard errors: the validation images are a small, harder-than-average sample, or the test images are closer to the training ones."));
        report.Figure(StageFigures.Confusion(test.Plain, study.Classes, $"{best.Config.Name}: test"), "best_test_confusion.svg",
            $"{best.Config.Name}: confusion matrix on the test set, rows as fractions.");
    }
}
