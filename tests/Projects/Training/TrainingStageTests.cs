using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Transforms;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Training;

/// <summary>The shared runner plumbing: early stopping, splits, repeatable augmented batches, resumable stages.</summary>
[Collection(ConsoleCollection.Name)]
public class TrainingStageTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-stage-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void EarlyStopping_StopsAfterPatienceEpochsWithoutImprovement_AndKeepsTheBestEpoch()
    {
        var stopping = new EarlyStopping(patience: 2);
        Assert.True(stopping.Observe(1, 1.0));
        Assert.True(stopping.Observe(2, 0.8));
        Assert.False(stopping.Observe(3, 0.8)); // equal is no improvement
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Observe(4, 0.9));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(2, stopping.BestEpoch);

        var saved = new Dictionary<string, double>();
        stopping.SaveTo(saved);
        var restored = new EarlyStopping(2);
        restored.RestoreFrom(saved);
        Assert.Equal((0.8, 2, 2), (restored.BestLoss, restored.BestEpoch, restored.EpochsWithoutImprovement));
    }

    [Fact]
    public void RandomSplit_IsDisjointSeededAndOfTheAskedSizes()
    {
        var source = Images(100);
        var (train, validation) = DatasetSubset<LabeledImage>.RandomSplit(source, 70, 20, seed: 3);
        var (again, _) = DatasetSubset<LabeledImage>.RandomSplit(source, 70, 20, seed: 3);
        var (other, _) = DatasetSubset<LabeledImage>.RandomSplit(source, 70, 20, seed: 4);
        var trainIds = Enumerable.Range(0, train.Count).Select(i => Id(train[i])).ToList();
        var validationIds = Enumerable.Range(0, validation.Count).Select(i => Id(validation[i])).ToList();
        Assert.Equal((70, 20), (trainIds.Distinct().Count(), validationIds.Distinct().Count()));
        Assert.Empty(trainIds.Intersect(validationIds));
        Assert.Equal(trainIds, Enumerable.Range(0, again.Count).Select(i => Id(again[i])));
        Assert.NotEqual(trainIds, Enumerable.Range(0, other.Count).Select(i => Id(other[i])));
        Assert.Throws<ArgumentException>(() => DatasetSubset<LabeledImage>.RandomSplit(source, 90, 20, seed: 3));
    }

    [Fact]
    public void AugmentedBatches_DependOnlyOnSeedAndEpoch()
    {
        var data = new ClassificationData(Images(40), [0.5f], [0.25f], new RandomCrop(8, 8, padding: 2), seed: 9);
        float[] Epoch(ClassificationData d, int epoch) => d.Batches(epoch, 16, shuffle: true).SelectMany(b => b.Images.ToArray()).ToArray();
        Assert.Equal(Epoch(data, 1), Epoch(data, 1));
        Assert.NotEqual(Epoch(data, 1), Epoch(data, 2));
        var plain = data.WithoutAugmentation().Batches(0, 40, shuffle: false).Single();
        Assert.Equal(2.0, plain.Images[0, 0, 0, 0], 6); // sample 0's lit top row: (1 - 0.5) / 0.25, unaugmented and in order
        Assert.Equal(-2.0, plain.Images[0, 0, 6, 0], 6);
    }

    [Fact]
    public void ResumedStage_GivesTheNumbersOfAnUninterruptedOne()
    {
        var uninterrupted = Stage(epochs: 3).Run(RunFolder.Create(Path.Combine(root, "a")), resume: false);

        Stage(epochs: 1).Run(RunFolder.Create(Path.Combine(root, "b")), resume: false);
        var resumedStage = Stage(epochs: 3);
        var resumed = resumedStage.Run(RunFolder.Create(Path.Combine(root, "b")), resume: true);

        Assert.Equal(3, resumed.Metrics.Rows.Count);
        foreach (var column in new[] { "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr" })
        {
            Assert.Equal(uninterrupted.Metrics.Column(column), resumed.Metrics.Column(column));
        }

        Assert.Equal(uninterrupted.Summary.BestEpoch, resumed.Summary.BestEpoch);
        Assert.Equal(uninterrupted["val"].Predictions, resumed["val"].Predictions);
        Assert.True(uninterrupted.Metrics.Column("val_loss")[^1] < uninterrupted.Metrics.Column("val_loss")[0], "the tiny model did not learn");

        // a finished stage is read back, not trained again
        var again = Stage(epochs: 3).Run(RunFolder.Create(Path.Combine(root, "b")), resume: true);
        Assert.Equal(resumed.Metrics.Column("seconds"), again.Metrics.Column("seconds"));
    }

    [Fact]
    public void InterruptedStage_WritesNothingOfTheAbandonedEpoch_AndResumesToTheUninterruptedNumbers()
    {
        var uninterrupted = Stage(epochs: 2, logIterations: true).Run(RunFolder.Create(Path.Combine(root, "straight")), resume: false);

        var folder = RunFolder.Create(Path.Combine(root, "stopped"));
        var previous = Progress.Display;
        Progress.Display = new InterruptingProgress(afterSteps: 9); // epoch 1 has 6 steps: stop 3 steps into epoch 2
        try
        {
            var stopped = Assert.Throws<RunInterruptedException>(() => Stage(epochs: 2, logIterations: true).Run(folder, resume: false));
            Assert.Equal("SIGINT", stopped.Signal);
        }
        finally
        {
            Progress.Display = previous;
            RunInterruption.Reset();
        }

        string stage = Path.Combine(folder.Root, TrainingStage.StagesFolder, "tiny");
        Assert.Equal(2, File.ReadAllLines(Path.Combine(stage, "metrics.csv")).Length); // header + epoch 1
        Assert.Equal(7, File.ReadAllLines(Path.Combine(stage, "iterations.csv")).Length); // header + epoch 1's 6 batches
        Assert.Equal(["epoch-0001.safetensors"], Directory.GetFiles(Path.Combine(stage, "checkpoints"), "epoch-*").Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(stage, "*.tmp", SearchOption.AllDirectories));

        var resumed = Stage(epochs: 2, logIterations: true).Run(folder, resume: true);
        Assert.Equal(uninterrupted.Metrics.Column("val_loss"), resumed.Metrics.Column("val_loss"));
        Assert.Equal(uninterrupted.Iterations!.Column("loss"), resumed.Iterations!.Column("loss"));
    }

    [Fact]
    public void ValidationAndFinalEvaluation_RunInBatchesOfTheTrainingBatchSize()
    {
        // evaluation batches of the training size reuse the arrays a training step gave back to the host pool
        Tensor.ManualSeed(21);
        var probe = new BatchSizeProbe();
        var model = new Sequential(probe, new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 2));
        var validation = new ClassificationData(Images(20, offset: 1), [0.5f], [0.5f]);
        new TrainingStage("probed", model, new Adam(model.Parameters(), 0.01))
        {
            Train = new ClassificationData(Images(24), [0.5f], [0.5f]),
            Validation = validation,
            Epochs = 2,
            BatchSize = 8,
            FinalSplits = new Dictionary<string, ClassificationData> { ["val"] = validation },
        }.Run(RunFolder.Create(Path.Combine(root, "probed")), resume: false);

        Assert.Equal(Enumerable.Repeat(8, 6), probe.Training);
        Assert.Equal([8, 8, 4, 8, 8, 4, 8, 8, 4], probe.Evaluation); // two validation passes, then the final evaluation
    }

    /// <summary>Passes its input on and records the batch sizes it saw, in training and in eval mode.</summary>
    private sealed class BatchSizeProbe : Module
    {
        public List<int> Training { get; } = [];

        public List<int> Evaluation { get; } = [];

        public override Tensor Forward(Tensor input)
        {
            (IsTraining ? Training : Evaluation).Add(input.Size(0));
            return input;
        }
    }

    /// <summary>Asks the run to stop (as Ctrl-C does) once <paramref name="afterSteps"/> steps have been reported.</summary>
    private sealed class InterruptingProgress(int afterSteps) : IProgressDisplay
    {
        private int steps;

        public void Run(string title, int total, Action<Action<string>> body) => body(_ =>
        {
            if (++steps == afterSteps)
            {
                RunInterruption.Request("SIGINT");
            }
        });
    }

    private static TrainingStage Stage(int epochs, bool logIterations = false)
    {
        Tensor.ManualSeed(21);
        var model = new Sequential(new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 2));
        var train = new ClassificationData(Images(48), [0.5f], [0.5f], new RandomHorizontalFlip(), seed: 2);
        var validation = new ClassificationData(Images(16, offset: 1), [0.5f], [0.5f]);
        return new TrainingStage("tiny", model, new Adam(model.Parameters(), 0.01))
        {
            Train = train,
            Validation = validation,
            Epochs = epochs,
            BatchSize = 8,
            LogIterations = logIterations,
            FinalSplits = new Dictionary<string, ClassificationData> { ["val"] = validation },
        };
    }

    /// <summary>
    /// <paramref name="side"/>×<paramref name="side"/> gray images (8×8 unless asked); class 0 lights the top half, class 1
    /// the bottom half; pixel (0, 7) encodes the index.
    /// </summary>
    internal static IDataset<LabeledImage> Images(int count, int offset = 0, int side = 8) => new ListDataset(Enumerable.Range(0, count).Select(i =>
    {
        int label = (i + offset) % 2;
        var image = new ByteImage(side, side, 1);
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                image.At(x, y, 0) = (byte)((y < side / 2) == (label == 0) ? 255 : 0);
            }
        }

        image.At(0, 7, 0) = (byte)(i % 251); // a per-image mark so samples can be told apart
        return new LabeledImage(image, label);
    }).ToList());

    private static int Id(LabeledImage sample) => sample.Image.At(0, 7, 0);

    private sealed class ListDataset(IReadOnlyList<LabeledImage> items) : IDataset<LabeledImage>
    {
        public int Count => items.Count;

        public LabeledImage this[int index] => items[index];
    }
}
