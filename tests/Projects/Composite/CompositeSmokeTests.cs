using System.Globalization;
using IlgpuNet.Composite;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;

namespace IlgpuNet.Tests.Projects.Composite;

/// <summary>
/// <c>ilgpunet composite</c> end to end on tiny generated data: the composite data set in the course's layout, both
/// models, the predictions file, a checkpoint that loads into Table 1's CNN, and the report's figures.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class CompositeSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-composite-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Composite_OneEpochOnTinyData_WritesDataSetPredictionsCheckpointAndReport()
    {
        string data = Path.Combine(root, "data");
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "train", 200, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "t10k", 60, seed: 2);
        TinyIdx.WriteSplit(Path.Combine(data, "mnist"), "t10k", 90, seed: 3);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("composite", "--data", data, "--out", output, "--epochs", "1",
            "--train-count", "40", "--val-count", "20", "--test-count", "20", "--batch-size", "20");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        Assert.Contains("Total params: 96,042", run.Output);
        string dataset = Path.Combine(output, "dataset");
        var classFolders = Directory.GetDirectories(Path.Combine(dataset, "train")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(10, classFolders.Count);
        Assert.Equal("0_T-shirt_top", classFolders[0]);
        Assert.Equal(20, Directory.GetFiles(Path.Combine(dataset, "test"), "*.png").Length);

        var predictions = File.ReadAllLines(Path.Combine(output, "predictions.txt"));
        Assert.Equal(20, predictions.Length);
        Assert.All(predictions, p => Assert.Contains(p, classFolders));

        var model = CompositeCnn.Create();
        model.LoadStateDict(Checkpoint.Load(Path.Combine(output, "robust_model.safetensors")).Model); // strict: every tensor present

        foreach (var file in new[] { "report.html", "results.md", "images/naive_conv1_filters.png", "images/robust_conv1_filters.png",
            "figures/naive_conv1_norms.png", "figures/naive_conv1_norms.svg", "figures/robust_conv5_norms.png", "figures/conv5_digit_eta_squared.png",
            "figures/val_accuracy.png", "figures/val_accuracy.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        // the figures' numbers as data: 2 models × (conv1 16 + conv5 80 filters) × 10 classes, finite and non-negative norms
        var norms = File.ReadAllLines(Path.Combine(output, ActivationNormsCsv.FileName));
        Assert.Equal(ActivationNormsCsv.Header, norms[0]);
        Assert.Equal(2 * (16 + 80) * 10, norms.Length - 1);
        Assert.Equal("naive,conv1,0,0_T-shirt_top", string.Join(',', norms[1].Split(',')[..4]));
        Assert.All(norms.Skip(1), row => Assert.True(double.Parse(row.Split(',')[4], CultureInfo.InvariantCulture) is >= 0 and < double.PositiveInfinity, row));
        Assert.Contains(norms.Skip(1), row => double.Parse(row.Split(',')[4], CultureInfo.InvariantCulture) > 0);

        string results = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("linear 80 → 10", results);
        Assert.Contains("](figures/robust_conv5_norms.png)", results); // one small-multiples figure per model and layer
        Assert.Contains("val acc, digit ≠ class", results);
    }
}
