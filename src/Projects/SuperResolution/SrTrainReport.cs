using System.Text.Json.Nodes;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Reporting;
using IlgpuNet.Training;

namespace IlgpuNet.SuperResolution;

/// <summary>The end of a training run: curves, validation and test-set comparisons, report.html and the summary.</summary>
public sealed class SrTrainReport(RunFolder run, RunSettings settings, SrTrainOptions options, SrTrainConfig config, SrTrainingSet data,
    SrNetwork network, MetricsLog metrics, (double Psnr, double Ssim) bicubicValidation)
{
    /// <summary>Validation images shown as comparison figures.</summary>
    public const int ValidationFigures = 4;

    /// <returns>The summary.json content.</returns>
    public JsonObject Write(DateTimeOffset started, IReadOnlyList<(string Name, string Folder)> testSets, string weightsPath, double trainSeconds)
    {
        var report = new HtmlReport($"Super-resolution: {network.Name} x{options.Scale}");
        report.AddRunMetadata(settings.CommandLine, started, settings.Device.ToString(), TimeSpan.FromSeconds(trainSeconds));
        report.AddParagraph(Describe());

        report.AddHeading("Training curves");
        var epochs = metrics.Column("epoch");
        if (epochs.Length > 0)
        {
            var loss = new LineChart { Title = "Training loss per epoch", XLabel = "epoch", YLabel = options.Loss == "l1" ? "L1 loss" : "MSE loss", LogY = true, ShowMarkers = true }
                .Add("train", epochs, metrics.Column("train_loss"));
            report.AddImage(run.SaveFigure(loss, "loss.svg"), "Mean training loss over each epoch's patches (Y in [0, 1]).");
            var psnr = new LineChart { Title = "Validation PSNR per epoch", XLabel = "epoch", YLabel = "Y PSNR (dB)", ShowMarkers = true }
                .Add(network.Name, epochs, metrics.Column("val_psnr"))
                .Add("bicubic", epochs, epochs.Select(_ => bicubicValidation.Psnr).ToArray());
            report.AddImage(run.SaveFigure(psnr, "val_psnr.svg"), $"Mean Y PSNR on the {data.Validation.Count} held-out images after each epoch, with bicubic for reference.");
            report.AddTable(["epoch", "train loss", "val PSNR (dB)", "val SSIM", "lr", "elapsed (s)"],
                metrics.Rows.Select(r => (IReadOnlyList<object?>)[(int)r[0], r[1], r[2], r[3], r[4], r[5]]));
        }

        var summary = new JsonObject
        {
            ["name"] = network.Name,
            ["architecture"] = network.Architecture,
            ["scale"] = options.Scale,
            ["epochs"] = settings.Epochs,
            ["train_seconds"] = Math.Round(trainSeconds, 1),
            ["weights"] = weightsPath,
        };
        if (epochs.Length > 0)
        {
            summary["val_psnr"] = metrics.Column("val_psnr")[^1];
            summary["val_ssim"] = metrics.Column("val_ssim")[^1];
        }

        summary["val_bicubic_psnr"] = bicubicValidation.Psnr;
        var methods = SrMethods.WithBaselines(options.Scale, [network]);
        report.AddHeading("Validation images");
        var validation = SrEvaluation.Run("validation", data.Validation, methods);
        EvaluationReport.AddTables(report, validation);
        EvaluationReport.AddGrids(report, run, validation, "validation", ValidationFigures);

        var tests = new JsonObject();
        foreach (var (name, folder) in testSets)
        {
            var dataset = new SelfExSrDataset(folder, options.Scale);
            var evaluation = SrEvaluation.Run(name, Enumerable.Range(0, dataset.Count).Select(i => dataset[i]).ToArray(), methods);
            report.AddHeading($"{name} (LR images as given)");
            EvaluationReport.AddTables(report, evaluation);
            // Every image of small sets gets its own figure; larger sets only the rows of crops.
            EvaluationReport.AddGrids(report, run, evaluation, name.ToLowerInvariant(), dataset.Count <= 5 ? dataset.Count : 0);
            tests[name] = EvaluationReport.ToJson(evaluation, folder)["methods"]!.DeepClone();
            var (psnr, _) = evaluation.Mean(evaluation.MethodIndex(network.Name));
            Console.WriteLine($"{name} x{options.Scale}: {network.Name} {psnr:F2} dB, bicubic {evaluation.Mean(evaluation.MethodIndex("bicubic")).Psnr:F2} dB");
        }

        summary["test"] = tests;
        run.SaveReport(report);
        return summary;
    }

    private string Describe()
    {
        string model = network.Architecture == "srcnn"
            ? "SRCNN 9-1-5 (64 and 32 filters) on the bicubic-upsampled Y channel, unpadded in training (33×33 in, 21×21 out), zero-padded on whole images"
            : $"FSRCNN(56, 12, 4) with PReLU on the LR Y channel, 9×9 deconvolution with stride {options.Scale}";
        return $"**Model**: {model}. **Training**: {config.Optimizer} at lr {config.LearningRate:G3} (reconstruction layer × {config.OutputLrFactor:G3}), " +
            $"{config.Loss} loss, batch {config.BatchSize}, {config.PatchesPerEpoch} patches per epoch ({config.PatchSize}px inputs), lr divided by 10 " +
            $"after epoch {config.DecayEpoch}, seed {config.Seed}.\n\n" +
            $"**Data**: {data.TrainingFiles.Count} images of `{config.Data}`, each also at 0.9/0.8/0.7/0.6 of its size and turned by 0/90/180/270°, " +
            $"LR by MATLAB-bicubic downscaling; the last {data.Validation.Count} images (by name) are held out for validation. " +
            "PSNR and SSIM on Y (MATLAB rgb2ycbcr) with a border of the scale factor cropped; test sets use their LR images as given.";
    }
}
