using System.Text.Json;

namespace IlgpuNet.Tests.Projects.Classification;

/// <summary>
/// The quick start end to end on a tiny generated Fashion-MNIST stand-in (IDX files the test writes): one epoch must
/// produce the run folder — config, metrics, summary, figures, report — and print the folder as its last line.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class QuickstartSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-quickstart-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Quickstart_OneEpochOnTinyData_WritesRunFolderAndReport()
    {
        string data = Path.Combine(root, "data");
        string dataset = Path.Combine(data, "fashion-mnist");
        Directory.CreateDirectory(dataset);
        TinyIdx.WriteSplit(dataset, "train", 256, seed: 1);
        TinyIdx.WriteSplit(dataset, "t10k", 100, seed: 2);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("quickstart", "--data", data, "--epochs", "1", "--batch-size", "32", "--out", output);
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        foreach (var file in new[] { "config.json", "metrics.csv", "summary.json", "report.html", "figures/loss.svg", "figures/confusion.svg", "images/conv1_filters.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal(2, metrics.Length); // header + one epoch
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        double accuracy = summary.RootElement.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0.0, 1.0);
        Assert.Contains("Confusion matrix", File.ReadAllText(Path.Combine(output, "report.html")));

        // --resume with more epochs continues after the saved epoch instead of starting over
        var resumed = CliRun.Invoke("quickstart", "--data", data, "--epochs", "2", "--batch-size", "32", "--out", output, "--resume");
        Assert.True(resumed.ExitCode == 0, $"exit code {resumed.ExitCode}: {resumed.Errors}");
        Assert.Contains(resumed.Lines, line => line.Contains("resuming after epoch 1"));
        var epochs = File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(["1", "2"], epochs);
        Assert.Equal(metrics[1], File.ReadAllLines(Path.Combine(output, "metrics.csv"))[1]); // epoch 1 kept as it was
    }
}
