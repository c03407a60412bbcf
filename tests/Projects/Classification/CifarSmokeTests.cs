using System.Text.Json;

namespace IlgpuNet.Tests.Projects.Classification;

/// <summary>
/// <c>ilgpunet cifar</c> end to end on tiny generated data (a Fashion-MNIST-format stand-in and an MNIST-format target
/// the test writes), one epoch per model: every deliverable of the project must be in the run folder.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class CifarSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-cifar-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Cifar_OneEpochOnTinyData_WritesEveryDeliverable()
    {
        string data = Path.Combine(root, "data");
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "train", 300, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "t10k", 100, seed: 2);
        TinyIdx.WriteSplit(Path.Combine(data, "mnist"), "t10k", 200, seed: 3);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("cifar", "--data", data, "--out", output, "--epochs", "1", "--seed", "5",
            "--train-count", "200", "--val-count", "50", "--test-count", "100", "--batch-size", "20",
            "--transfer-epochs", "1", "--pretrain-count", "60", "--target-train-count", "40", "--target-test-count", "60", "--transfer-size", "32");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        Assert.Contains("Total params: 390,410", run.Output);
        Assert.Contains(run.Lines, line => line.StartsWith("cifar: ", StringComparison.Ordinal) && line.Contains("default configuration takes", StringComparison.Ordinal));
        foreach (var stage in new[] { "baseline", "batchnorm", "deep-augmented", "resnet18-source", "resnet18-finetune", "resnet18-scratch" })
        {
            Assert.True(File.Exists(Path.Combine(output, "stages", stage, "summary.json")), $"stage {stage} has no summary");
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "stages", stage, "metrics.csv")).Length);
        }

        foreach (var file in new[] { "report.html", "results.md", "summary.json", "figures/baseline_loss.svg", "figures/before_after_val_accuracy.svg",
            "figures/transfer_val_accuracy.svg", "images/conv1_filters_activations.png", "images/layer4_first10_maps.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        string results = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("390,410 parameters", results);
        Assert.Contains("1×512×7×7", results); // the last stage's maps at 224×224
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        foreach (var key in new[] { "baseline_test_accuracy", "deep_test_accuracy", "transfer_finetuned_test_accuracy" })
        {
            Assert.InRange(summary.RootElement.GetProperty(key).GetDouble(), 0.0, 1.0);
        }

        // the bars of the tiny data are easy: ten steps must take the baseline well above chance
        Assert.True(summary.RootElement.GetProperty("baseline_test_accuracy").GetDouble() > 0.3, results);
    }

    [Fact]
    public void Cifar_UnknownDataset_FailsWithAClearMessage()
    {
        var run = CliRun.Invoke("cifar", "--dataset", "imagenet", "--out", Path.Combine(root, "run"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--dataset imagenet: must be one of fashion-mnist, cifar10", run.Errors);
    }
}
