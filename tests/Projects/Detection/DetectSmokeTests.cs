using System.Text.Json;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>
/// <c>ilgpunet detect</c> end to end on tiny generated sources: both generated sets, pretraining and the four fine-tuning
/// stages, the report; a resumed run reads every stage back; fine-tuning an earlier run's detector; options and data
/// that cannot work stop it with one line.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class DetectSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-detect-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Detect_OneEpochOnTinySources_WritesSetsStagesReport_AndResumes()
    {
        string data = WriteSources();
        string output = Path.Combine(root, "run");
        string[] arguments = ["detect", "--data", data, "--out", output, "--epochs", "1", "--pretrain-epochs", "1", "--pretrain-train-count", "8",
            "--pretrain-val-count", "4", "--train-count", "8", "--val-count", "4", "--test-count", "4", "--batch-size", "4"];

        var run = CliRun.Invoke(arguments);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "dataset", "finetune", "images", "test"), "*.png").Length);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(output, "dataset", "pretrain", "labels", "train"), "*.txt").Length);
        foreach (var file in new[] { "report.html", "results.md", "images/prediction_1.png", "images/prediction_2.png", "images/predictions_grid.png",
            "images/predictions_by_stage.png", "images/pretrain_samples.png", "figures/pr_per_class.svg", "figures/pr_by_stage.svg", "figures/finetune_val_map50.svg",
            "stages/frozen-backbone/checkpoints/best.safetensors", "stages/scratch/metrics.csv" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var stages = summary.RootElement.GetProperty("finetune");
        Assert.Equal(["frozen-backbone", "frozen-backbone-neck", "full", "scratch"], stages.EnumerateObject().Select(s => s.Name));
        // ResNet18's stem and first three stages: 2,782,784 parameters; neck 197,120; head 149,002 (digits 5-9: 5 classes)
        Assert.Equal(2_782_784, stages.GetProperty("frozen-backbone").GetProperty("frozen_parameters").GetInt64());
        Assert.Equal(197_120 + 149_002, stages.GetProperty("frozen-backbone").GetProperty("trained_parameters").GetInt64());
        Assert.Equal(149_002, stages.GetProperty("frozen-backbone-neck").GetProperty("trained_parameters").GetInt64());
        Assert.Equal(["5", "6", "7", "8", "9"], File.ReadAllLines(Path.Combine(output, "dataset", "finetune", "classes.txt")));
        Assert.Equal(15, File.ReadAllLines(Path.Combine(output, "dataset", "pretrain", "classes.txt")).Length);
        Assert.Equal(0, stages.GetProperty("full").GetProperty("frozen_parameters").GetInt64());
        Assert.Contains("anchor-free", File.ReadAllText(Path.Combine(output, "results.md")));

        var resumed = CliRun.Invoke([.. arguments, "--resume"]);
        Assert.True(resumed.ExitCode == 0, $"exit code {resumed.ExitCode}: {resumed.Errors}");
        Assert.Equal(5, resumed.Lines.Count(line => line.Contains("finished earlier", StringComparison.Ordinal)));
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(stages.GetProperty("scratch").GetProperty("test_map").GetDouble(),
            again.RootElement.GetProperty("finetune").GetProperty("scratch").GetProperty("test_map").GetDouble());

        var changed = CliRun.Invoke([.. arguments, "--resume", "--lr", "0.01"]);
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("was trained with --lr 0.002, not 0.01", changed.Errors);

        // fine-tuning a detector of an earlier run: no pretraining, the named stages only
        string best = Path.Combine(output, "stages", "pretrain", "checkpoints", "best.safetensors");
        var fromCheckpoint = CliRun.Invoke("detect", "--pretrained", best, "--dataset", Path.Combine(output, "dataset", "finetune"), "--stages", "frozen-backbone-neck",
            "--epochs", "1", "--batch-size", "4", "--out", Path.Combine(root, "from-checkpoint"));
        Assert.True(fromCheckpoint.ExitCode == 0, $"exit code {fromCheckpoint.ExitCode}: {fromCheckpoint.Errors}");
        Assert.DoesNotContain(fromCheckpoint.Lines, line => line.StartsWith("pretrain", StringComparison.Ordinal));
        Assert.Contains(fromCheckpoint.Lines, line => line.StartsWith("frozen-backbone-neck: test mAP@0.5", StringComparison.Ordinal));
        var notADetector = CliRun.Invoke("detect", "--pretrained", Path.Combine(output, "summary.json"), "--out", Path.Combine(root, "bad-checkpoint"));
        Assert.Equal(2, notADetector.ExitCode);
        Assert.Contains("summary.json", notADetector.Errors);

        // a corrupt label file of a data set of one's own stops the run before training, naming the file and line
        string own = Path.Combine(root, "own");
        CopyFolder(Path.Combine(output, "dataset", "finetune"), own);
        File.WriteAllText(Path.Combine(own, "labels", "val", "00001.txt"), "3 0.5 0.5 0.2 0.2\n3 0.5 0.5 wide 0.2\n");
        var corrupt = CliRun.Invoke("detect", "--dataset", own, "--pretrain-dataset", Path.Combine(output, "dataset", "pretrain"), "--out", Path.Combine(root, "own-run"));
        Assert.Equal(2, corrupt.ExitCode);
        Assert.Contains($"{Path.Combine(own, "labels", "val", "00001.txt")}:2: 'wide' is not a number", corrupt.Errors);
        Assert.Single(corrupt.Errors.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--stages", "frozen-backbone,frozen", "--stages frozen: must be one of frozen-backbone, frozen-backbone-neck, full, scratch")]
    [InlineData("--image-size", "100", "--image-size 100: must be a multiple of 16 from 128 to 256")]
    [InlineData("--epochs", "0", "--epochs 0: must be a whole number of at least 1")]
    [InlineData("--label-smoothing", "1.5", "--label-smoothing 1.5: must be between 0 and 1")]
    [InlineData("--dataset", "/no/such/folder", "--dataset /no/such/folder: no such folder")]
    public void BadOption_StopsWithOneLineNamingIt(string option, string value, string expected)
    {
        var run = CliRun.Invoke("detect", "--out", Path.Combine(root, "bad"), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"ilgpunet: detect: {expected}", run.Errors.Trim().Split('\n').Single());
    }

    // Fashion-MNIST (train, t10k) and MNIST (t10k) in IDX format, BSD100-like colour PNGs, a 15-Scene-like folder of gray JPEGs
    private string WriteSources()
    {
        string data = Path.Combine(root, "data");
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "train", 40, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(data, "fashion-mnist"), "t10k", 20, seed: 2);
        TinyIdx.WriteSplit(Path.Combine(data, "mnist"), "t10k", 50, seed: 3);
        string photographs = Directory.CreateDirectory(Path.Combine(data, "sr", "train-BSD100-HR")).FullName;
        var random = new Random(4);
        for (int i = 0; i < 5; i++)
        {
            var image = new ByteImage(90, 70, 3);
            random.NextBytes(image.Pixels);
            ImageFile.Write(Path.Combine(photographs, $"{i}.png"), image);
        }

        TinyImageFolder.Write(Path.Combine(data, "scene15"), classes: 2, trainPerClass: 5, testPerClass: 2);
        return data;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
