using System.Text.Json;

namespace IlgpuNet.Tests.Projects.Classification;

/// <summary>
/// <c>ilgpunet scene15</c> end to end on tiny generated JPEG folders (and a tiny Fashion-MNIST for the ResNet18 it
/// pretrains), one epoch per model; with the AlexNet fixture it fine-tunes AlexNet's classifier instead.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class Scene15SmokeTests : IDisposable
{
    private const int Classes = 6;

    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-scene15-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "models", name);

    [Fact]
    public void Scene15_OneEpochOnTinyData_WritesEveryModelAndTheReport()
    {
        string data = Path.Combine(root, "data");
        TinyImageFolder.Write(Path.Combine(data, "scene15"), Classes, trainPerClass: 12, testPerClass: 4);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "train", 120, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "t10k", 20, seed: 2);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("scene15", "--data", data, "--out", output, "--epochs", "1", "--seed", "3", "--val-per-class", "2",
            "--batch-size", "10", "--transfer-epochs", "1", "--pretrain-count", "60", "--transfer-size", "32");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        Assert.Contains("Total params: 4,666", run.Output); // SimpleNet at 6 classes: 9·9·10 + 10 + 8·8·10·6 + 6
        Assert.Contains($"scene15: 60 training, 12 validation, 24 test images of {Classes} classes", run.Output);
        Assert.Contains(run.Lines, line => line.StartsWith("scene15: ", StringComparison.Ordinal) && line.Contains("default configuration takes", StringComparison.Ordinal));
        foreach (var stage in new[] { "simplenet", "simplenet-jitter", "simplenet-normalised", "simplenet-dropout", "scenecnn", "resnet18-source", "resnet18-finetune", "resnet18-scratch" })
        {
            Assert.True(File.Exists(Path.Combine(output, "stages", stage, "summary.json")), $"stage {stage} has no summary");
        }

        var metrics = File.ReadAllLines(Path.Combine(output, "stages", "scenecnn", "metrics.csv"));
        Assert.Equal(2, metrics.Length);
        Assert.EndsWith("train_top5,val_top5", metrics[0]);
        foreach (var file in new[] { "report.html", "results.md", "summary.json", "figures/val_top5.svg", "figures/scenecnn_accuracy.svg", "figures/best_confusion.svg", "figures/transfer_val_accuracy.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        Assert.Contains("not ImageNet weights", File.ReadAllText(Path.Combine(output, "results.md")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var scene = summary.RootElement.GetProperty("models").GetProperty("scenecnn");
        double top1 = scene.GetProperty("test_accuracy").GetDouble(), top5 = scene.GetProperty("test_top5").GetDouble();
        Assert.InRange(top1, 0.0, 1.0);
        Assert.InRange(top5, top1, 1.0); // the true class among the top five whenever it is first

        // --resume reads every finished stage back instead of training it, and reports the same numbers
        var resumed = CliRun.Invoke("scene15", "--data", data, "--out", output, "--epochs", "1", "--seed", "3", "--val-per-class", "2",
            "--batch-size", "10", "--transfer-epochs", "1", "--pretrain-count", "60", "--transfer-size", "32", "--resume");
        Assert.True(resumed.ExitCode == 0, $"exit code {resumed.ExitCode}: {resumed.Errors}");
        Assert.Contains("scenecnn: finished earlier", resumed.Output);
        Assert.DoesNotContain("scenecnn epoch 1:", resumed.Output);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(top1, again.RootElement.GetProperty("models").GetProperty("scenecnn").GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void Scene15_TorchvisionAlexNet_FineTunesItsClassifier()
    {
        string data = Path.Combine(root, "data");
        TinyImageFolder.Write(Path.Combine(data, "scene15"), Classes, trainPerClass: 4, testPerClass: 2);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke("scene15", "--data", data, "--out", output, "--epochs", "1", "--val-per-class", "1", "--batch-size", "6",
            "--transfer-epochs", "1", "--transfer-size", "64", "--pretrained", Fixture("alexnet.pth"));

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.True(File.Exists(Path.Combine(output, "stages", "alexnet-finetune", "summary.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "stages", "resnet18-source")));
        // the three classifier layers train: 9216·4096 + 4096 + 4096·4096 + 4096 + 4096·6 + 6
        Assert.Contains("54,558,726", File.ReadAllText(Path.Combine(output, "results.md")));
    }

    [Fact]
    public void Scene15_WithoutFashionMnistForTheTransferStudy_FailsBeforeTraining()
    {
        string data = Path.Combine(root, "data");
        TinyImageFolder.Write(Path.Combine(data, "scene15"), Classes, trainPerClass: 3, testPerClass: 1);

        var run = CliRun.Invoke("scene15", "--data", data, "--out", Path.Combine(root, "run"), "--epochs", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--data {data}: holds no 'fashion-mnist' data set", run.Errors);
        Assert.False(Directory.Exists(Path.Combine(root, "run", "stages")));
    }

    [Fact]
    public void Scene15_PretrainedFileOfAnotherNetwork_FailsBeforeTraining()
    {
        string data = Path.Combine(root, "data");
        TinyImageFolder.Write(Path.Combine(data, "scene15"), Classes, trainPerClass: 3, testPerClass: 1);

        var run = CliRun.Invoke("scene15", "--data", data, "--out", Path.Combine(root, "run"), "--pretrained", Fixture("resnet18.pth"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not the state dict of alexnet-owt-7be5be79.pth", run.Errors);
        Assert.False(Directory.Exists(Path.Combine(root, "run", "stages")));
    }
}
