using System.Text.Json;
using IlgpuNet.Colourization;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;

namespace IlgpuNet.Tests.Projects.Colourization;

/// <summary>
/// <c>ilgpunet colourize</c> end to end on tiny generated data: the stand-in and CIFAR-10 (binary version), ILGPU's CPU
/// accelerator, resume (bad options and inputs: tests/Projects/Cli/BadInvocationTests).
/// </summary>
[Collection(ConsoleCollection.Name)]
public class ColourizeSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-colourize-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static readonly string[] Tiny = ["--epochs", "1", "--num-filters", "4", "--num-colours", "5", "--batch-size", "8", "--kmeans-pixels", "2000", "--sweep-batch-sizes", "4", "16"];

    [Fact]
    public void Colourize_StandIn_TrainsAllThreeAndTheSweep_WritesReport_AndResumesWithoutTraining()
    {
        ColourTestImages.WriteStandInFolder(root, 6);
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke(["colourize", "--data", root, "--out", output, "--val-images", "2", "--downscale", "1", .. Tiny]);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Equal(Path.GetFullPath(output), run.Lines[^1].Trim());
        foreach (var stage in new[] { "pool-upsample", "conv-transpose", "unet", "conv-transpose-b4", "conv-transpose-b16" })
        {
            Assert.True(File.Exists(Path.Combine(output, "stages", stage, "checkpoints", "best.safetensors")), $"stage {stage} kept no weights");
        }

        var unet = new UNet(new ColourNetConfig(Filters: 4, Colours: 5));
        unet.LoadStateDict(Checkpoint.Load(Path.Combine(output, "stages", "unet", "checkpoints", "best.safetensors")).Model); // strict
        Assert.Equal(5, ColourPalette.Load(Path.Combine(output, "palette.json")).Count);
        foreach (var file in new[] { "report.html", "results.md", "images/predictions.png", "images/palette.png", "figures/val_accuracy.svg",
            "figures/unet_curves.svg", "figures/sweep_val_loss.svg", "figures/sweep_val_accuracy_time.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        string results = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("| 32×32 | connections |", results);
        Assert.DoesNotContain("DIFFERENT", results);
        Assert.Contains("| 4 | ConvTransposeNet | same | 1 | 1, 0 | 4×16×16 | 8×8×8 | 4×16×16 | 5×32×32 | 5×32×32 |", results);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        double accuracy = summary.RootElement.GetProperty("models").GetProperty("unet").GetProperty("val_accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);

        var resumed = CliRun.Invoke(["colourize", "--data", root, "--out", output, "--val-images", "2", "--downscale", "1", "--resume", .. Tiny]);
        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        Assert.Contains("unet: finished earlier", resumed.Output);
        Assert.DoesNotContain("epoch 1/1", resumed.Output);
        Assert.Contains("colour classes: the 5 of", resumed.Output);

        var different = CliRun.Invoke(["colourize", "--data", root, "--out", output, "--val-images", "2", "--downscale", "1", "--resume", .. Tiny, "--kernel", "5"]);
        Assert.Equal(2, different.ExitCode);
        Assert.Contains($"--resume: {output} was trained with --kernel 3, not 5", different.Errors);
    }

    [Fact]
    public void Colourize_Cifar10OneClass_TrainsOnThatClassAndValidatesOnItsTestImages()
    {
        string folder = Path.Combine(root, "cifar10", "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        var random = new Random(2);
        byte[] Records(int count) => Enumerable.Range(0, count).SelectMany(i =>
        {
            var image = ColourTestImages.Image(i, 32, 32, seed: random.Next(100));
            var record = new byte[3073];
            record[0] = (byte)(i % 2 == 0 ? 7 : 3); // horses and cats
            for (int p = 0; p < 1024; p++)
            {
                for (int c = 0; c < 3; c++)
                {
                    record[1 + c * 1024 + p] = image.Pixels[3 * p + c];
                }
            }

            return record;
        }).ToArray();
        for (int b = 1; b <= 5; b++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"data_batch_{b}.bin"), Records(6));
        }

        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(8));
        string output = Path.Combine(root, "run");

        var run = CliRun.Invoke(["colourize", "--dataset", "cifar10", "--data", root, "--out", output, "--model", "unet", "--no-sweep", .. Tiny]);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Contains("CIFAR-10, class 'horse', 15 training and 4 validation images", run.Output);
        Assert.False(Directory.Exists(Path.Combine(output, "stages", "pool-upsample")));
        Assert.False(Directory.Exists(Path.Combine(output, "stages", "conv-transpose-b4")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void Colourize_DeviceIlgpuCpu_TrainsThere()
    {
        ColourTestImages.WriteStandInFolder(root, 2, width: 64, height: 64);
        string output = Path.Combine(root, "run");
        var backend = DeviceRegistry.Backend(Device.IlgpuCpu);
        long uploads = backend.HostToDeviceCopies;

        var run = CliRun.Invoke(["colourize", "--device", "ilgpu-cpu", "--data", root, "--out", output, "--val-images", "1", "--downscale", "1",
            "--model", "unet", "--no-sweep", "--epochs", "1", "--num-filters", "2", "--num-colours", "3", "--batch-size", "4", "--kmeans-pixels", "500"]);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        // UNet's 20 parameter and buffer tensors go up once, then a batch's inputs and targets: 1 training, 1 validation batch, the grid
        long uploaded = backend.HostToDeviceCopies - uploads;
        Assert.True(uploaded >= 24, $"only {uploaded} uploads to ilgpu-cpu: the training did not run there");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.Equal("ilgpu-cpu", config.RootElement.GetProperty("device").GetString());
        Assert.True(File.Exists(Path.Combine(output, "images", "predictions.png")));
    }
}
