using System.Text.Json;

namespace IlgpuNet.Tests.Projects.Classification;

/// <summary>
/// <c>ilgpunet transfer</c> end to end on a tiny generated ImageFolder data set (and a tiny Fashion-MNIST for the
/// ResNet18 it pretrains), one epoch per model: every configuration, the curves, TTA, the ensemble, the examples,
/// saliency and Grad-CAM of two models, and the test result of the best.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class TransferSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-transfer-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Transfer_OneEpochOnTinyImageFolder_WritesEveryModelAndTheAnalysis()
    {
        string data = Path.Combine(root, "data");
        string dataset = Path.Combine(root, "tiny-scenes");
        TinyImageFolder.Write(dataset, classes: 6, trainPerClass: 8, testPerClass: 3, side: 40);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "train", 90, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "t10k", 10, seed: 2);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("transfer", "--dataset", dataset, "--data", data, "--out", output, "--epochs", "1", "--seed", "2",
            "--val-per-class", "2", "--image-size", "32", "--batch-size", "12", "--pretrain-count", "60", "--pretrain-epochs", "1", "--examples", "4");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        Assert.Contains("transfer: 36 training, 12 validation, 18 test images of 6 classes", run.Output);
        string[] models = ["cnn-adam", "cnn-sgd-wd", "cnn-adam-noaug", "resnet18-scratch", "resnet18-features", "resnet18-finetune", "resnet18-finetune-all"];
        foreach (var stage in models.Append("resnet18-source"))
        {
            Assert.True(File.Exists(Path.Combine(output, "stages", stage, "summary.json")), $"stage {stage} has no summary");
        }

        // every batch's loss: 36 images in batches of 12
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "stages", "cnn-adam", "iterations.csv")).Length);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        string best = summary.RootElement.GetProperty("best").GetString()!;
        Assert.Contains(best, models);
        Assert.Equal(3, summary.RootElement.GetProperty("ensemble").GetArrayLength());
        Assert.InRange(summary.RootElement.GetProperty("best_test_accuracy").GetDouble(), 0.0, 1.0);
        string other = models.First(m => m != best && m.StartsWith("cnn", StringComparison.Ordinal) != best.StartsWith("cnn", StringComparison.Ordinal)
            && File.Exists(Path.Combine(output, "images", $"{m}_attribution.png")));
        foreach (var model in new[] { best, other })
        {
            foreach (var image in new[] { "confident_correct", "confident_wrong", "random_correct", "random_wrong", "attribution" })
            {
                Assert.True(File.Exists(Path.Combine(output, "images", $"{model}_{image}.png")), $"missing {model}_{image}.png");
            }

            Assert.True(File.Exists(Path.Combine(output, "figures", $"{model}_val_confusion.svg")));
        }

        foreach (var file in new[] { "report.html", "results.md", "figures/loss_per_iteration.svg", "figures/train_accuracy.svg", "figures/val_accuracy.svg", "figures/best_test_confusion.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        string results = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("not ImageNet weights", results);
        Assert.Contains("val acc with TTA", results);
    }

    [Fact]
    public void Transfer_DatasetWithoutTestFolder_FailsWithAClearMessage()
    {
        string dataset = Path.Combine(root, "only-train");
        Directory.CreateDirectory(Path.Combine(dataset, "train", "a"));

        var run = CliRun.Invoke("transfer", "--dataset", dataset, "--out", Path.Combine(root, "run"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no test/ folder", run.Errors);
    }
}
