using System.Text.Json;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class RunFolderTests
{
    private static readonly string[] Columns = ["epoch", "train_loss", "val_accuracy"];

    [Fact]
    public void Create_MakesSubfoldersAndWritesJsonAndFiguresWithoutLeftovers()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(Path.Combine(temp.Path, "run"));

        run.WriteConfig(new { Model = "resnet18", LearningRate = 0.1, Epochs = 3 });
        run.WriteSummary(new Dictionary<string, double> { ["best_accuracy"] = 0.91, ["final_loss"] = double.NaN });
        string figure = run.SaveFigure(new LineChart().Add("loss", [1.0, 0.5]), "loss.svg");
        string image = run.SaveImage(new ByteImage(2, 2, 1), "samples.png");

        Assert.True(Directory.Exists(run.FiguresDirectory) && Directory.Exists(run.ImagesDirectory) && Directory.Exists(run.CheckpointsDirectory));
        Assert.Equal("figures/loss.png", figure);
        Assert.True(File.Exists(Path.Combine(run.FiguresDirectory, "loss.svg")), "the SVG copy is written beside the PNG");
        Assert.Equal("images/samples.png", image);
        Assert.True(File.Exists(Path.Combine(run.Root, figure)) && File.Exists(Path.Combine(run.Root, image)));
        using var config = JsonDocument.Parse(File.ReadAllText(run.ConfigPath));
        Assert.Equal("resnet18", config.RootElement.GetProperty("Model").GetString());
        Assert.Contains("\"NaN\"", File.ReadAllText(run.SummaryPath));
        Assert.Empty(Directory.EnumerateFiles(run.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Metrics_ResumeKeepsRowsAndAppendsAfterThem()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        var first = run.OpenMetrics(Columns);
        first.Append(1, 0.9, 0.5);
        first.Append(2, 0.7, 0.6);

        var resumed = run.OpenMetrics(Columns, resume: true);
        resumed.Append(3, 0.5, 0.7);

        Assert.Equal(3, resumed.Rows.Count);
        Assert.Equal(3, resumed.LastEpoch);
        Assert.Equal([0.9, 0.7, 0.5], resumed.Column("train_loss"));
        Assert.Equal(["epoch,train_loss,val_accuracy", "1,0.9,0.5", "2,0.7,0.6", "3,0.5,0.7"], File.ReadAllLines(run.MetricsPath));
    }

    [Fact]
    public void Metrics_ResumeFromAnEarlierCheckpoint_DropsLaterEpochs()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        var log = run.OpenMetrics(Columns);
        for (int epoch = 1; epoch <= 4; epoch++)
        {
            log.Append(epoch, 1.0 / epoch, epoch / 10.0);
        }

        var resumed = run.OpenMetrics(Columns, resume: true, keepThroughEpoch: 2);

        Assert.Equal(2, resumed.LastEpoch);
        Assert.Equal(3, File.ReadAllLines(run.MetricsPath).Length);
    }

    [Fact]
    public void Metrics_StepKeyedResume_DropsLaterStepsAndReadLeavesTheFileAlone()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        string[] columns = ["step", "loss"];
        var log = run.OpenMetrics(columns);
        for (int step = 10; step <= 40; step += 10)
        {
            log.Append(step, 1.0 / step);
        }

        File.AppendAllText(run.MetricsPath, "50,0.0");
        var read = MetricsLog.Read(run.MetricsPath, columns);
        Assert.Equal([10.0, 20, 30, 40], read.Column("step"));
        Assert.EndsWith("50,0.0", File.ReadAllText(run.MetricsPath));

        var resumed = run.OpenMetrics(columns, resume: true, keepThroughEpoch: 20, keyColumn: "step");
        Assert.Equal([10.0, 20], resumed.Column("step"));
        Assert.Equal(["step,loss", "10,0.1", "20,0.05"], File.ReadAllLines(run.MetricsPath));
    }

    [Fact]
    public void Metrics_ResumeAfterACrashMidRow_DropsTheTornLine()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        run.OpenMetrics(Columns).Append(1, 0.9, 0.5);
        File.AppendAllText(run.MetricsPath, "2,0.7");

        var resumed = run.OpenMetrics(Columns, resume: true);

        Assert.Equal(1, resumed.LastEpoch);
        Assert.Equal(["epoch,train_loss,val_accuracy", "1,0.9,0.5"], File.ReadAllLines(run.MetricsPath));
    }

    [Fact]
    public void Metrics_FreshRun_ReplacesOldRowsAndResumeRejectsOtherColumns()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        run.OpenMetrics(Columns).Append(1, 0.9, 0.5);

        var fresh = run.OpenMetrics(Columns);

        Assert.Empty(fresh.Rows);
        Assert.Single(File.ReadAllLines(run.MetricsPath));
        Assert.Throws<InvalidDataException>(() => run.OpenMetrics(["epoch", "loss"], resume: true));
    }

    [Fact]
    public void Metrics_AppendByName_FillsMissingColumnsWithNaNAndRejectsUnknownNames()
    {
        using var temp = new TemporaryDirectory();
        var log = RunFolder.Create(temp.Path).OpenMetrics(Columns);

        log.Append(new Dictionary<string, double> { ["epoch"] = 1, ["train_loss"] = 0.5 });

        Assert.True(double.IsNaN(log.Column("val_accuracy")[0]));
        Assert.Throws<ArgumentException>(() => log.Append(new Dictionary<string, double> { ["typo"] = 1 }));
        Assert.Throws<ArgumentException>(() => log.Append(1, 2));
    }

    [Fact]
    public void LatestCheckpoint_PicksTheHighestEpoch()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        Assert.Null(run.LatestCheckpoint());
        foreach (int epoch in new[] { 2, 10, 9 })
        {
            File.WriteAllText(run.CheckpointPath(epoch), "");
        }

        var latest = run.LatestCheckpoint();

        Assert.Equal(10, latest!.Value.Epoch);
        Assert.EndsWith(Path.Combine("checkpoints", "epoch-0010.safetensors"), latest.Value.Path);
    }
}
