using System.Globalization;
using IlgpuNet.Autograd;
using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;
using static IlgpuNet.Training.ReportFormat;

namespace IlgpuNet.Colourization;

/// <summary>report.html and results.md of the colourization study.</summary>
public sealed class ColourizationReport(RunFolder run, ColourizationData data, ColourPalette palette, ColourizationOptions options, RunSettings settings)
{
    private const int GridImages = 8;
    private const int CellSide = 96;

    public void Write(IReadOnlyList<ColourizationExperiment.ModelResult> models, IReadOnlyList<ColourizationExperiment.SweepResult> sweep,
        ColourizationBatches train, ColourizationBatches validation, DateTimeOffset started, TimeSpan elapsed)
    {
        var report = new ReportWriter(run, "Colourization as classification" + (data.Name.Contains("stand-in", StringComparison.Ordinal) ? " (B100 stand-in for CIFAR-10)" : ""));
        report.Metadata(settings, started, elapsed);
        var stages = models.Select(m => m.Stage).Concat(sweep.Select(s => s.Stage)).ToList();
        report.Paragraph($"Training took {Minutes(stages.Sum(stage => stage.Summary.TrainingSeconds))} over the {stages.Count} stages ({stages.Sum(stage => stage.Summary.EpochsRun)} epochs, " +
            "each with its validation pass), as each stage logged it; a resumed run reads finished stages back, so this is the training time even when the run above only wrote the report.");
        WriteData(report);
        WriteModels(report, models, train, validation);
        if (sweep.Count > 0)
        {
            WriteSweep(report, sweep);
        }

        WriteKernelPaddings(report);
        WriteCensus(report);
        report.Save();
    }

    private void WriteData(ReportWriter report)
    {
        report.Heading("Data");
        report.Paragraph(data.Description);
        if (data.ValidationSources.Count < 50 && data.ValidationSources.FirstOrDefault() != data.TrainSources.FirstOrDefault())
        {
            report.Paragraph($"Validation images: {string.Join(", ", data.ValidationSources.Select(name => $"`{name}`"))}.");
        }

        var grid = new ImageGrid(16) { CellWidth = 64, CellHeight = 64 };
        for (int i = 0; i < 32; i++)
        {
            grid.Add(data.Train[i * data.Train.Count / 32]);
        }

        report.Image(run.SaveImage(grid.Render(), "train_samples.png"), "Training images, evenly spaced through the training set.");

        report.Heading("Colour classes");
        report.Paragraph($"k-means (k-means++ start, Lloyd iterations until no pixel changes cluster) over {palette.SampledPixels:N0} RGB pixels drawn uniformly from the training images " +
            $"(seed {palette.Seed}) found the {palette.Count} colours below in {palette.Iterations} iterations, sorted by luma; they are written to `{ColourPalette.FileName}` in the run folder. " +
            "A pixel's class is its nearest colour; the networks see only the grey image (the mean of R, G and B) and predict a class per pixel. " +
            "Accuracy is the fraction of pixels whose predicted class is the nearest-colour class of the true colour.");
        var swatches = new ImageGrid(12) { CellWidth = 48, CellHeight = 48 };
        for (int c = 0; c < palette.Count; c++)
        {
            swatches.Add(palette.Paint([(byte)c], 1, 1), c.ToString(CultureInfo.InvariantCulture));
        }

        report.Image(run.SaveImage(swatches.Render(), "palette.png"), $"The {palette.Count} colour classes.");
    }

    private void WriteModels(ReportWriter report, IReadOnlyList<ColourizationExperiment.ModelResult> models, ColourizationBatches train, ColourizationBatches validation)
    {
        var config = options.NetConfig;
        report.Heading("Networks");
        report.Paragraph($"All three take the grey image (NIC = {config.InChannels}) and give {config.Colours} class scores per pixel; NF = {config.Filters}, kernel {config.Kernel}, dilation {config.Dilation}. " +
            "**PoolUpsampleNet**: [Conv(NIC→NF) – MaxPool 2 – BN – ReLU], [Conv(NF→2NF) – MaxPool 2 – BN – ReLU], [Conv(2NF→NF) – Upsample ×2 – BN – ReLU], [Conv(NF→NC) – Upsample ×2 – BN – ReLU], Conv(NC→NC). " +
            "**ConvTransposeNet**: the pooling becomes stride-2 convolutions and the upsampling stride-2 transposed convolutions (BN – ReLU after each), then Conv(NC→NC). " +
            "**UNet**: ConvTransposeNet with skip connections by concatenation: the first layer's output joins the third's before the fourth layer (ConvTranspose(2NF→NC)), and the grey input joins the fourth's before the final Conv(NC+NIC→NC). " +
            $"Paddings: stride-1 convolutions {config.SamePadding}, stride-2 convolutions {config.StridedPadding}, transposed convolutions {config.TransposedPadding} with output_padding {config.OutputPadding}.");
        report.Table(["network", "parameters", "kept epoch", "val loss", "val accuracy", "train accuracy", "last-epoch val accuracy", "training time", "per epoch"],
            models.Select(m =>
            {
                var kept = ColourizationExperiment.KeptEpoch(m.Stage);
                return Row(ColourNetworks.DisplayName(m.Name), m.Model.ParameterCount().ToString("N0", CultureInfo.InvariantCulture), $"{m.Stage.Summary.BestEpoch} of {m.Stage.Summary.EpochsRun}",
                    Number(kept.ValidationLoss), Pct(kept.ValidationAccuracy), Pct(kept.TrainAccuracy), Pct(m.Stage.Metrics.Column("val_accuracy")[^1]),
                    Minutes(m.Stage.Summary.TrainingSeconds), Minutes(m.Stage.Summary.TrainingSeconds / m.Stage.Summary.EpochsRun));
            }));
        report.Paragraph($"Adam, learning rate {Num(options.LearningRate)}, batch {options.BatchSize}, {settings.Epochs} epochs; the epoch of lowest validation loss is kept (its numbers are in the table). Training accuracy is measured on the batches while training. " +
            $"For scale: a lookup that gives every grey level its most frequent colour class among the training pixels (no network, no context) is right on {Pct(GreyLookupAccuracy(train, validation))} of the validation pixels.");
        foreach (var model in models)
        {
            report.Figure(StageFigures.LossCurvesWithAccuracy(model.Stage, ColourNetworks.DisplayName(model.Name)), $"{model.Name}_curves.svg",
                $"{ColourNetworks.DisplayName(model.Name)}: cross-entropy and pixel accuracy per epoch.");
        }

        if (models.Count > 1)
        {
            var labelled = models.Select(m => (ColourNetworks.DisplayName(m.Name), m.Stage)).ToList();
            report.Figure(StageFigures.Compare(labelled, "val_accuracy", "Validation pixel accuracy", "accuracy"), "val_accuracy.svg", "Validation pixel accuracy of the three networks.");
            report.Figure(StageFigures.Compare(labelled, "val_loss", "Validation cross-entropy", "cross-entropy"), "val_loss.svg", "Validation cross-entropy of the three networks.");
            report.Figure(StageFigures.Compare(labelled, "train_loss", "Training cross-entropy", "cross-entropy"), "train_loss.svg", "Training cross-entropy of the three networks.");
        }

        report.Image(run.SaveImage(PredictionGrid(models, validation), "predictions.png"),
            "Validation images: the grey input, each network's colouring (the kept epoch's weights), the truth in the colour classes (what the networks learn to predict) and the original.");
    }

    /// <summary>Validation pixel accuracy of the most frequent training class of each grey level (0–255); unseen levels take the most frequent class.</summary>
    private double GreyLookupAccuracy(ColourizationBatches train, ColourizationBatches validation)
    {
        static int Level(float grey) => FloatImage.ToByte(grey * 255.0);
        var counts = new long[256, palette.Count];
        var overall = new long[palette.Count];
        for (int i = 0; i < train.Count; i++)
        {
            ReadOnlySpan<float> grey = train.GreyValues(i);
            ReadOnlySpan<byte> classes = train.Classes(i);
            for (int p = 0; p < grey.Length; p++)
            {
                counts[Level(grey[p]), classes[p]]++;
                overall[classes[p]]++;
            }
        }

        int commonest = Array.IndexOf(overall, overall.Max());
        var lookup = Enumerable.Range(0, 256).Select(level => Enumerable.Range(0, palette.Count).Aggregate(commonest, (best, c) => counts[level, c] > counts[level, best] ? c : best)).ToArray();
        long right = 0, total = 0;
        for (int i = 0; i < validation.Count; i++)
        {
            ReadOnlySpan<float> grey = validation.GreyValues(i);
            ReadOnlySpan<byte> classes = validation.Classes(i);
            for (int p = 0; p < grey.Length; p++)
            {
                right += lookup[Level(grey[p])] == classes[p] ? 1 : 0;
            }

            total += grey.Length;
        }

        return right / (double)total;
    }

    private ByteImage PredictionGrid(IReadOnlyList<ColourizationExperiment.ModelResult> models, ColourizationBatches validation)
    {
        var indices = Enumerable.Range(0, GridImages).Select(i => i * validation.Count / GridImages).Distinct().ToArray();
        var predictions = models.Select(m => Predict(m.Model, validation, indices)).ToList();
        var grid = new ImageGrid(models.Count + 3) { CellWidth = CellSide, CellHeight = CellSide };
        int plane = validation.Height * validation.Width;
        for (int row = 0; row < indices.Length; row++)
        {
            grid.Add(validation.Grey(indices[row]), row == 0 ? "grey" : null);
            for (int m = 0; m < models.Count; m++)
            {
                grid.Add(palette.Paint(predictions[m].AsSpan(row * plane, plane), validation.Width, validation.Height), row == 0 ? ColourNetworks.DisplayName(models[m].Name) : null);
            }

            grid.Add(palette.Paint(validation.Classes(indices[row]), validation.Width, validation.Height), row == 0 ? "truth" : null);
            grid.Add(validation.Images[indices[row]], row == 0 ? "original" : null);
        }

        return grid.Render();
    }

    /// <summary>Each pixel's most likely class for some validation images, row by row, image after image.</summary>
    private static byte[] Predict(Module model, ColourizationBatches validation, IReadOnlyList<int> indices)
    {
        model.Eval();
        using (GradMode.NoGrad())
        {
            return model.Call(validation.Inputs(indices).To(model.Device)).ArgMax(1).ToArray<long>().Select(c => (byte)c).ToArray();
        }
    }

    private void WriteSweep(ReportWriter report, IReadOnlyList<ColourizationExperiment.SweepResult> sweep)
    {
        report.Heading("Batch size (ConvTransposeNet)");
        report.Paragraph($"ConvTransposeNet trained again at each batch size, {settings.Epochs} epochs each, the same learning rate ({Num(options.LearningRate)}) and initial weights drawn from its own seed. A smaller batch takes more optimizer steps per epoch.");
        report.Table(["batch size", "steps per epoch", "kept epoch", "val loss", "val accuracy", "last-epoch val accuracy", "training time", "per epoch"],
            sweep.Select(s =>
            {
                var kept = ColourizationExperiment.KeptEpoch(s.Stage);
                return Row(s.BatchSize.ToString(CultureInfo.InvariantCulture), ((data.Train.Count + s.BatchSize - 1) / s.BatchSize).ToString(CultureInfo.InvariantCulture),
                    s.Stage.Summary.BestEpoch.ToString(CultureInfo.InvariantCulture), Number(kept.ValidationLoss), Pct(kept.ValidationAccuracy),
                    Pct(s.Stage.Metrics.Column("val_accuracy")[^1]), Minutes(s.Stage.Summary.TrainingSeconds), Minutes(s.Stage.Summary.TrainingSeconds / s.Stage.Summary.EpochsRun));
            }));
        var labelled = sweep.Select(s => ($"batch {s.BatchSize}", s.Stage)).ToList();
        report.Figure(StageFigures.Compare(labelled, "val_accuracy", "ConvTransposeNet: validation pixel accuracy by batch size", "accuracy"), "sweep_val_accuracy.svg", "Validation pixel accuracy per epoch at each batch size.");
        report.Figure(StageFigures.Compare(labelled, "val_loss", "ConvTransposeNet: validation cross-entropy by batch size", "cross-entropy"), "sweep_val_loss.svg", "Validation cross-entropy per epoch at each batch size.");
        report.Figure(StageFigures.Compare(labelled, "train_loss", "ConvTransposeNet: training cross-entropy by batch size", "cross-entropy"), "sweep_train_loss.svg", "Training cross-entropy per epoch at each batch size.");
        var byTime = new LineChart { Title = "ConvTransposeNet: validation pixel accuracy against time spent", XLabel = "seconds (training and validation passes)", YLabel = "accuracy", ShowMarkers = true };
        foreach (var s in sweep)
        {
            var seconds = s.Stage.Metrics.Column("seconds");
            var cumulative = seconds.Select((_, i) => seconds.Take(i + 1).Sum()).ToList();
            byTime.Add($"batch {s.BatchSize}", cumulative, s.Stage.Metrics.Column("val_accuracy"));
        }

        report.Figure(byTime, "sweep_val_accuracy_time.svg", "The same validation accuracy against the seconds spent, each epoch's training and validation pass together (as the stage logged them; on a loaded machine they carry its load).");
    }

    private void WriteKernelPaddings(ReportWriter report)
    {
        report.Heading("Kernels 4 and 5: paddings that keep every shape");
        report.Paragraph("With span s = dilation·(kernel − 1): a stride-2 convolution halves an even H with padding ⌊s/2⌋, since ⌊(H + 2⌊s/2⌋ − s − 1)/2⌋ + 1 = H/2; " +
            "a stride-2 transposed convolution doubles H with padding ⌊s/2⌋ and output_padding 1 − s mod 2, since (H − 1)·2 − 2⌊s/2⌋ + s + output_padding + 1 = 2H; " +
            "a stride-1 convolution keeps H with padding s/2, and when s is odd (kernel 4) with PyTorch's padding=\"same\", which puts the extra row and column at the bottom and right. " +
            "The shapes below are read from the networks themselves (a 32×32 input); every one matches kernel 3's, and a test asserts it for kernels 1 to 5 and dilations 2 and 3.");
        var rows = new List<IReadOnlyList<string>>();
        foreach (int kernel in new[] { 3, 4, 5 })
        {
            var config = options.NetConfig with { Kernel = kernel, Dilation = 1 };
            foreach (var network in ColourNetworks.Names)
            {
                var shapes = BlockShapes(ColourNetworks.Create(network, config), config.InChannels);
                rows.Add([kernel.ToString(CultureInfo.InvariantCulture), ColourNetworks.DisplayName(network),
                    config.SamePadding.ToString(), network == ColourNetworks.PoolUpsample ? "–" : config.StridedPadding.ToString(CultureInfo.InvariantCulture),
                    network == ColourNetworks.PoolUpsample ? "–" : $"{config.TransposedPadding}, {config.OutputPadding}",
                    .. shapes]);
            }
        }

        report.Table(["kernel", "network", "stride-1 padding", "stride-2 padding", "transposed padding, output_padding", "layer1", "layer2", "layer3", "layer4", "layer5"], rows);
    }

    /// <summary>The output shape (C×H×W) of each top-level layer on one 32×32 image.</summary>
    private static string[] BlockShapes(Module model, int inChannels)
    {
        var shapes = new List<string>();
        var handles = model.NamedChildren().Select(child => child.Module.RegisterForwardHook((Module _, Tensor _, Tensor output) =>
            shapes.Add(string.Join("×", output.Shape[1..])))).ToList();
        model.Eval();
        using (GradMode.NoGrad())
        {
            model.Call(Tensor.Zeros(1, inChannels, ColourizationData.Side, ColourizationData.Side));
        }

        handles.ForEach(handle => handle.Remove());
        return [.. shapes];
    }

    private void WriteCensus(ReportWriter report)
    {
        var config = options.NetConfig;
        report.Heading("PoolUpsampleNet: weights, outputs and connections");
        report.Paragraph("As the assignment asks, batch-norm parameters are left out, and so is ReLU, which transforms the units it is given. " +
            "Weights are the convolutions' kernels and biases; outputs are the units each convolution, max-pool and upsampling produces for one image; " +
            "connections are the weighted links into each convolution output (k²·Cin, padding taps included), the 4 inputs of each max-pool output and the one input of each upsampled output. " +
            $"With kernel k and an H×W input (HW = H·W): weights = {PoolUpsampleFormulas.WeightsText}; outputs = {PoolUpsampleFormulas.OutputsText}; connections = {PoolUpsampleFormulas.ConnectionsText}. " +
            "The program counts them from the model, layer by layer, and checks the sums against the formulas.");
        var model = new PoolUpsampleNet(config);
        var rows = LayerCensus.Count(model, config.InChannels, ColourizationData.Side, ColourizationData.Side);
        report.Table(["layer", "type", "output (C×H×W)", "weights", "outputs", "connections"],
            rows.Select(r => Row(r.Layer, r.Type, string.Join("×", r.OutputShape), Count(r.Weights), Count(r.Outputs), Count(r.Connections))));
        var checks = new List<IReadOnlyList<string>>();
        foreach (int side in new[] { ColourizationData.Side, 2 * ColourizationData.Side })
        {
            var counted = LayerCensus.Sum(LayerCensus.Count(model, config.InChannels, side, side));
            var formula = PoolUpsampleFormulas.Of(config.Kernel, config.InChannels, config.Filters, config.Colours, side, side);
            foreach (var (what, c, f) in new[] { ("weights", counted.Weights, formula.Weights), ("outputs", counted.Outputs, formula.Outputs), ("connections", counted.Connections, formula.Connections) })
            {
                checks.Add(Row($"{side}×{side}", what, Count(c), Count(f), c == f ? "equal" : "DIFFERENT"));
            }
        }

        report.Paragraph($"NIC = {config.InChannels}, NF = {config.Filters}, NC = {config.Colours}, k = {config.Kernel}; the table above is the 32×32 input. Doubling width and height leaves the weights as they are and multiplies outputs and connections by four:");
        report.Table(["input", "quantity", "counted from the model", "formula", "check"], checks);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
