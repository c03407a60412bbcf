using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// <c>ilgpunet sr train</c>: SRCNN or FSRCNN on the Y channel of patches prepared as FSRCNN §4.1, validated each epoch
/// (Y PSNR/SSIM on held-out images), then evaluated against bilinear and bicubic on the SelfExSR test sets with their
/// LR images as given. Writes config.json, metrics.csv, a checkpoint per epoch, the final weights, curves, comparison
/// figures, summary.json and report.html; resumes from the last checkpoint.
/// <para>
/// Defaults: Adam at lr 1e-3 for every layer, lr divided by 10 for the last 20% of the epochs; the luma centred on the
/// training mean (<see cref="SrNetwork.LumaOffset"/>). SGD with momentum 0.9 at the papers' rates (FSRCNN 1e-3, SRCNN
/// 1e-4, the reconstruction layer at a tenth) is the alternative. Adam adapts each weight's step, which makes the
/// papers' tenth for the last layer unnecessary: in a ×3 pilot it only slowed FSRCNN.
/// </para>
/// </summary>
public sealed class SrTrainExperiment(RunSettings settings, SrTrainOptions options)
{
    private static readonly string[] Columns = ["epoch", "train_loss", "val_psnr", "val_ssim", "lr", "seconds"];

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        TrainingDevice.Require(settings.Device);
        var started = DateTimeOffset.Now;
        string dataFolder = LocateTrainingImages(settings.DataDirectory);
        Tensor.ManualSeed(settings.Seed);
        var network = SrNetwork.Create(options.Architecture, options.Scale, options.Name);
        int patchSize = options.PatchSize ?? network.DefaultPatchSize;
        var layout = network.Layout(patchSize);
        double lr = options.LearningRate ?? DefaultLearningRate(options.Architecture, options.Optimizer);
        double outputLrFactor = options.OutputLrFactor ?? (options.Optimizer == "sgd" ? 0.1 : 1.0);
        int stepsPerEpoch = (options.PatchesPerEpoch + options.BatchSize - 1) / options.BatchSize;
        int decayEpoch = (int)Math.Round(options.DecayAt * settings.Epochs);
        var config = new SrTrainConfig("sr-train", network.Name, options.Architecture, options.Scale, options.Loss, options.Optimizer, lr, outputLrFactor,
            options.BatchSize, options.PatchesPerEpoch, patchSize, options.ValidationImages, decayEpoch, settings.Seed, settings.Epochs,
            dataFolder, settings.Device.ToString());

        var run = RunFolder.Create(settings.OutDirectory);
        int[] decayEpochs = decayEpoch > 0 && decayEpoch < settings.Epochs ? [decayEpoch] : [];
        new ResultOptions().Add("--seed", settings.Seed).Add("--data", dataFolder).Add("--model", options.Architecture).Add("--name", network.Name)
            .Add("--scale", options.Scale).Add("--loss", options.Loss).Add("--optimizer", options.Optimizer).Add("--lr", lr).Add("--output-lr-factor", outputLrFactor)
            .Add("--batch-size", options.BatchSize).Add("--patches-per-epoch", options.PatchesPerEpoch).Add("--patch", patchSize).Add("--val-images", options.ValidationImages)
            // more epochs continue the same run as long as the rate drops at the same epoch (--decay-at is a fraction of --epochs)
            .Add("--decay-at (lr / 10 after epoch)", decayEpochs.Length == 0 ? "never" : decayEpochs[0].ToString(CultureInfo.InvariantCulture))
            .Add("--epochs", settings.Epochs, mayChange: true)
            .CheckAndRecord(run.Root, settings);
        var resumeFrom = settings.Resume ? run.LatestCheckpoint() : null;

        run.WriteConfig(config);
        Console.WriteLine($"sr train: {network.Name} ({options.Architecture}) x{options.Scale}, {options.Loss} loss, {options.Optimizer} lr {lr:G3}, " +
            $"{settings.Epochs} epochs x {stepsPerEpoch} steps of {options.BatchSize} patches ({layout.InputSize}px in, {layout.TargetSize}px out)");
        var prepareClock = Stopwatch.StartNew();
        var data = SrTrainingSet.Load(dataFolder, options.Scale, options.ValidationImages);
        var sampler = new PatchSampler(data.Versions, options.Scale, layout, settings.Seed);
        Console.WriteLine($"data: {data.TrainingFiles.Count} training images x {SrTrainingSet.AugmentationScales.Count} scales x 4 rotations " +
            $"({sampler.PositionCount:N0} patch positions), {data.Validation.Count} held out for validation; prepared in {prepareClock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{network.Model}\n{network.Model.ParameterCount():N0} parameters");

        network.LumaOffset = data.MeanLuma;
        network.Model.To(settings.Device);
        var optimizer = CreateOptimizer(network, lr, outputLrFactor);
        var scheduler = new MultiStepLR(optimizer, decayEpochs, 0.1);
        var baseline = SrEvaluation.Run("validation", data.Validation, [InterpolationResolver.Bicubic(options.Scale)]).Mean(0);
        double secondsBefore = 0;
        int firstEpoch = 1;
        if (resumeFrom is var (resumeEpoch, resumePath))
        {
            var checkpoint = Checkpoint.Load(resumePath);
            network.Model.LoadStateDict(checkpoint.Model);
            optimizer.LoadStateDict(checkpoint.Optimizer ?? throw new InvalidDataException($"{resumePath} has no optimizer state to resume from"));
            scheduler.LoadStateDict(checkpoint.Scheduler ?? throw new InvalidDataException($"{resumePath} has no scheduler state to resume from"));
            secondsBefore = checkpoint.Metrics.GetValueOrDefault("seconds");
            firstEpoch = resumeEpoch + 1;
            Console.WriteLine($"resuming after epoch {resumeEpoch} from {resumePath}");
        }

        var metrics = run.OpenMetrics(Columns, resume: resumeFrom != null, keepThroughEpoch: resumeFrom?.Epoch);
        var clock = Stopwatch.StartNew();
        for (int epoch = firstEpoch; epoch <= settings.Epochs; epoch++)
        {
            double epochLr = optimizer.ParamGroups[0].Lr;
            double trainLoss = TrainEpoch(network, optimizer, sampler, epoch, stepsPerEpoch);
            scheduler.Step();
            var (valPsnr, valSsim) = SrEvaluation.Run("validation", data.Validation, [network]).Mean(0);
            double seconds = secondsBefore + clock.Elapsed.TotalSeconds;
            metrics.Append(epoch, trainLoss, valPsnr, valSsim, epochLr, seconds);
            Checkpoint.Save(run.CheckpointPath(epoch), new TrainingCheckpoint(network.Model.StateDict(), optimizer.StateDict(), scheduler.StateDict(), epoch,
                new Dictionary<string, double> { ["train_loss"] = trainLoss, ["val_psnr"] = valPsnr, ["val_ssim"] = valSsim, ["seconds"] = seconds }));
            Console.WriteLine($"epoch {epoch}/{settings.Epochs}: train loss {trainLoss:G4}, val PSNR {valPsnr:F2} dB (bicubic {baseline.Psnr:F2}), SSIM {valSsim:F4} ({seconds:F0} s)");
        }

        double trainSeconds = metrics.Rows.Count > 0 ? metrics.Column("seconds")[^1] : 0;
        var finalRow = metrics.Rows.Count > 0 ? metrics.Rows[^1] : null;
        var weightsPath = run.CheckpointPath("model.safetensors");
        SrWeights.Save(weightsPath, network, TrainingMetadata(config, trainSeconds, finalRow));

        var report = new SrTrainReport(run, settings, options, config, data, network, metrics, baseline);
        var summary = report.Write(started, TestSets(), weightsPath, trainSeconds);
        run.WriteSummary(summary);
        Console.WriteLine($"weights: {weightsPath}");
        Console.WriteLine(run.Root);
        return 0;
    }

    /// <summary>Adam: 1e-3 for both (measured to converge far sooner than the papers' SGD); SGD: the papers' 1e-3 (FSRCNN) and 1e-4 (SRCNN).</summary>
    public static double DefaultLearningRate(string architecture, string optimizer) => optimizer == "sgd" && architecture == "srcnn" ? 1e-4 : 1e-3;

    private double TrainEpoch(SrNetwork network, Optimizer optimizer, PatchSampler sampler, int epoch, int steps)
    {
        network.Model.Train();
        double lossSum = 0;
        Progress.Run($"epoch {epoch}", steps, step =>
        {
            for (int b = 0; b < steps; b++)
            {
                var (input, target) = sampler.Batch(epoch, b, options.BatchSize);
                (input, target) = (input.To(network.Model.Device), target.To(network.Model.Device));
                optimizer.ZeroGrad();
                var output = network.TrainingForward(input);
                var loss = options.Loss == "l1" ? Functional.L1Loss(output, target) : Functional.MseLoss(output, target);
                loss.Backward();
                optimizer.Step();
                double value = loss.Item();
                if (!double.IsFinite(value))
                {
                    throw new TrainingDivergedException($"training diverged at epoch {epoch}, step {b + 1}: loss {value}; try a smaller --lr");
                }

                lossSum += value;
                step($"loss {value:G3}");
            }
        });
        return lossSum / steps;
    }

    // Both papers train the reconstruction layer (SRCNN's conv3, FSRCNN's deconvolution) at a tenth of the rate (--output-lr-factor).
    private Optimizer CreateOptimizer(SrNetwork network, double lr, double outputLrFactor)
    {
        var named = network.Model.NamedParameters().ToList();
        bool IsOutput(string name) => name.StartsWith(network.OutputLayer + ".", StringComparison.Ordinal);
        var groups = new[]
        {
            new ParamGroup(named.Where(p => !IsOutput(p.Name)).Select(p => p.Parameter)),
            new ParamGroup(named.Where(p => IsOutput(p.Name)).Select(p => p.Parameter), new Dictionary<string, double> { ["lr"] = lr * outputLrFactor }),
        };
        return options.Optimizer == "sgd" ? new Sgd(groups, lr, momentum: 0.9) : new Adam(groups, lr);
    }

    /// <summary>
    /// The folder of training images: --data itself when it holds images, else the bsd100-hr data set inside it; without
    /// --data, bsd100-hr wherever data sets are found.
    /// </summary>
    public static string LocateTrainingImages(string? dataDirectory)
    {
        if (dataDirectory != null && Directory.Exists(dataDirectory) && new UnlabeledImageFolder(dataDirectory).Count > 0)
        {
            return Path.GetFullPath(dataDirectory);
        }

        return new DatasetLocator(dataDirectory).Locate("bsd100-hr");
    }

    private IReadOnlyList<(string Name, string Folder)> TestSets()
    {
        if (options.TestSets.Count > 0)
        {
            return options.TestSets.Select(folder => (Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), Path.GetFullPath(folder))).ToArray();
        }

        var locator = new DatasetLocator();
        var found = new List<(string, string)>();
        foreach (var (name, label) in new[] { ("set5", "Set5"), ("set14", "Set14") })
        {
            if (locator.TryLocate(name, out var folder))
            {
                found.Add((label, folder));
            }
            else
            {
                Console.WriteLine($"{label} not found, not evaluated (looked in {string.Join(", ", locator.Candidates(name))})");
            }
        }

        return found;
    }

    private Dictionary<string, string> TrainingMetadata(SrTrainConfig config, double seconds, IReadOnlyList<double>? finalRow)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>
        {
            ["command"] = settings.CommandLine,
            ["config"] = JsonSerializer.Serialize(config),
            ["epochs"] = settings.Epochs.ToString(CultureInfo.InvariantCulture),
            ["train_seconds"] = F(Math.Round(seconds, 1)),
            ["cpu"] = $"{Environment.ProcessorCount} cores",
        };
        if (finalRow != null)
        {
            metadata["val_psnr"] = F(finalRow[Array.IndexOf(Columns, "val_psnr")]);
            metadata["val_ssim"] = F(finalRow[Array.IndexOf(Columns, "val_ssim")]);
        }

        return metadata;
    }
}
