using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Composite;

/// <summary>
/// Learning without the shortcut: Table 1's CNN on composite images (class image top-left, MNIST digit bottom-right,
/// digit = class in ~64% of training images, independent in val/test). A naive model trained on the images as they
/// are learns to read the digit; the robust one trains with the digit quadrant swapped between images (plus the
/// course's Gaussian noise and random erasing), so only the class image predicts the label. Both train with Adam and a
/// cosine schedule; the robust one's test predictions and checkpoint are the deliverables; filters and class-wise
/// activation norms of the first and last convolutions show what each model looks at.
/// </summary>
public sealed class CompositeExperiment(RunSettings settings, CompositeOptions options)
{
    /// <summary>Measured wall time of the default configuration on the 2-core development CPU (docs/results/composite.md).</summary>
    public const string DefaultDuration = "about 30 minutes";

    public static readonly float[] Mean = [0.438f, 0.435f, 0.422f];
    public static readonly float[] Std = [0.228f, 0.225f, 0.231f];

    public sealed record ModelResult(string Label, StageResult Stage, Sequential Model, IReadOnlyList<ActivationNorms> Norms, Dictionary<string, ShortcutMeasures> Shortcut);

    public int Run()
    {
        options.AddRulesTo(new OptionCheck().Settings(settings)).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        TrainingDevice.Require(settings.Device);
        var run = RunFolder.Create(settings.OutDirectory);
        new ResultOptions().Add("--seed", settings.Seed).Add("--epochs", settings.Epochs).Add("--data", settings.DataDirectory == null ? null : Path.GetFullPath(settings.DataDirectory))
            .Add("--classes", options.ClassSource).Add("--dataset", options.Dataset == null ? null : Path.GetFullPath(options.Dataset))
            .Add("--train-count", options.TrainCount).Add("--val-count", options.ValidationCount).Add("--test-count", options.TestCount)
            .Add("--correlation", options.Correlation).Add("--batch-size", options.BatchSize).Add("--lr", options.LearningRate).Add("--skip-naive", options.SkipNaive)
            .CheckAndRecord(run.Root, settings);
        var data = options.Dataset is { } existing ? CompositeData.Open(existing, settings.SkippedImages)
            : CompositeData.Generate(Path.Combine(run.Root, "dataset"), options, settings.DataDirectory, settings.Seed, settings.SkippedImages);
        if (data.Classes.Count != 10)
        {
            throw new InvalidDataException($"{data.Root}: Table 1's CNN has 10 outputs, the data set has {data.Classes.Count} classes");
        }

        run.WriteConfig(new { experiment = "composite", options, settings.Epochs, settings.Seed, device = settings.Device.ToString(), dataset = data.Root });
        Console.WriteLine($"composite: {data.Train.Count} train / {data.Validation.Count} val / {data.TestImages.Count} test images in {data.Root}; the default configuration takes {DefaultDuration} on a 2-core CPU");
        var splits = new Dictionary<string, ClassificationData>
        {
            ["train"] = new(data.Train, Mean, Std, seed: settings.Seed),
            ["val"] = new(data.Validation, Mean, Std, seed: settings.Seed),
        };
        if (data.LabelledTest != null)
        {
            splits["test"] = new ClassificationData(data.LabelledTest, Mean, Std, seed: settings.Seed);
        }

        string summary = Summary.Create(CompositeCnn.Create(), 3, CompositeLayout.Side, CompositeLayout.Side);
        Console.WriteLine(summary);
        var results = new List<ModelResult>();
        if (!options.SkipNaive)
        {
            results.Add(Train("naive", "naive (no augmentation)", 1, null, splits, data));
        }

        var robustAugmentation = new Compose(new DigitSwap(data.Train), new GaussianNoise(0.05f), new RandomErasing(p: 0.5));
        var robust = Train("robust", "robust (digit swap + noise + erasing)", 2, robustAugmentation, splits, data);
        results.Add(robust);

        string predictions = WritePredictions(run, robust.Model, data);
        string checkpoint = Path.Combine(run.Root, "robust_model.safetensors");
        AtomicFile.Copy(Path.Combine(robust.Stage.Folder.CheckpointsDirectory, "best.safetensors"), checkpoint);

        ActivationNormsCsv.Write(Path.Combine(run.Root, ActivationNormsCsv.FileName),
            results.SelectMany(r => r.Norms.Select(layer => (r.Stage.Summary.Name, layer))), data.Classes);
        new CompositeReport(run, data, options, settings).Write(summary, results, predictions, checkpoint, started, clock.Elapsed);
        run.WriteSummary(results.ToDictionary(r => r.Stage.Summary.Name, r => new
        {
            train_accuracy = r.Stage["train"].Accuracy,
            val_accuracy = r.Stage["val"].Accuracy,
            test_accuracy = r.Stage.Summary.Final.TryGetValue("test", out var t) ? t.Accuracy : (double?)null,
            seconds = r.Stage.Summary.TrainingSeconds,
        }));
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Label}: train {r.Stage["train"].Accuracy:P2}, val {r.Stage["val"].Accuracy:P2}" +
                (r.Stage.Summary.Final.TryGetValue("test", out var test) ? $", test {test.Accuracy:P2}" : ""));
        }

        Console.WriteLine($"took {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        Console.WriteLine(run.Root);
        return 0;
    }

    private ModelResult Train(string name, string label, int seedOffset, IImageTransform? augmentation, Dictionary<string, ClassificationData> splits, CompositeData data)
    {
        Tensor.ManualSeed(settings.Seed + (ulong)seedOffset);
        var model = CompositeCnn.Create();
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var stage = new TrainingStage(name, model, optimizer, new CosineAnnealingLR(optimizer, settings.Epochs))
        {
            Device = settings.Device,
            Train = splits["train"].WithAugmentation(augmentation),
            Validation = splits["val"],
            Epochs = settings.Epochs,
            BatchSize = options.BatchSize,
            FinalSplits = splits,
        }.Run(RunFolder.Create(settings.OutDirectory), settings.Resume);

        var shortcut = new Dictionary<string, ShortcutMeasures>();
        foreach (var (split, digits) in new[] { ("train", data.TrainDigits), ("val", data.ValidationDigits), ("test", data.TestDigits) })
        {
            if (digits != null && stage.Summary.Final.TryGetValue(split, out var evaluation))
            {
                shortcut[split] = ShortcutMeasures.Of(evaluation, digits);
            }
        }

        IReadOnlyList<ActivationNorms> norms = data.ValidationDigits is { } validationDigits
            ? ActivationNorms.Measure(model, [("conv1", model[2]), ("conv5", model[18])], splits["val"], validationDigits, options.BatchSize)
            : [];
        return new ModelResult(label, stage, model, norms, shortcut);
    }

    /// <summary>
    /// predictions.txt: the predicted class folder of each test image, one per line, in the folder's sorted file order
    /// (in training-sized batches, whose activation sizes the host pool already keeps).
    /// </summary>
    private string WritePredictions(RunFolder run, Module model, CompositeData data)
    {
        var images = new MappedDataset<Data.Datasets.NamedImage, Data.Datasets.LabeledImage>(data.TestImages, image => new(image.Image, 0));
        var batches = new ClassificationData(images, Mean, Std).Batches(0, options.BatchSize, shuffle: false).Select(b => b.Images);
        var predicted = ClassifierSteps.Predict(model, batches);
        string path = Path.Combine(run.Root, "predictions.txt");
        AtomicFile.WriteAllText(path, string.Concat(predicted.Select(p => data.Classes[p] + "\n")));
        AtomicFile.WriteAllText(Path.Combine(run.Root, "predictions.csv"),
            string.Concat(["file,class\n", .. data.TestImages.Paths.Select((file, i) => $"{Path.GetFileName(file)},{data.Classes[predicted[i]]}\n")]));
        return path;
    }
}
