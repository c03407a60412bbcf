using System.Text.Json;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.SuperResolution;

/// <summary>
/// <c>ilgpunet sr train | eval | upscale</c> end to end on tiny generated data: one epoch writes the whole run folder,
/// a resumed run equals an uninterrupted one, eval prints the means as JSON and upscale writes a colour image.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class SrSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-sr-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Images => SrTestData.ImageFolder(Path.Combine(root, "images"), count: 6, size: 48);

    private string TestSet => SrTestData.SelfExSrSet(Path.Combine(root, "TinySet"), scale: 3, count: 2, size: 36);

    private string[] TrainArgs(string model, string output, int epochs, params string[] extra) =>
    [
        "sr", "train", "--model", model, "--scale", "3", "--data", Images, "--val-images", "2", "--epochs", epochs.ToString(),
        "--batch-size", "8", "--patches-per-epoch", "24", "--patch", model == "srcnn" ? "15" : "5", "--test", TestSet, "--out", output, "--seed", "7",
        .. extra,
    ];

    [Theory]
    [InlineData("fsrcnn")]
    [InlineData("srcnn")]
    public void Train_OneEpochOnTinyData_WritesRunFolderAndPrintsIt(string model)
    {
        string output = Path.Combine(root, "run");
        var (exitCode, console, errors) = CliRun.Invoke(TrainArgs(model, output, epochs: 1));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {errors}\n{console}");
        Assert.Equal(Path.GetFullPath(output), LastLine(console));
        foreach (var file in new[]
        {
            "config.json", "metrics.csv", "summary.json", "report.html", "figures/loss.svg", "figures/val_psnr.svg",
            "checkpoints/epoch-0001.safetensors", "checkpoints/model.safetensors",
            "images/validation_img_005.png", "images/validation_crops.png", "images/tinyset_img_001.png", "images/tinyset_crops.png",
        })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length); // header + one epoch
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var tiny = summary.RootElement.GetProperty("test").GetProperty("TinySet");
        Assert.Equal(["bilinear", "bicubic", model], tiny.EnumerateObject().Select(p => p.Name));
        double bicubic = tiny.GetProperty("bicubic").GetProperty("psnr").GetDouble();
        Assert.InRange(bicubic, 15, 60);
        Assert.True(double.IsFinite(summary.RootElement.GetProperty("val_psnr").GetDouble()));
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("TinySet (LR images as given)", report);
        Assert.Contains("Validation PSNR per epoch", File.ReadAllText(Path.Combine(output, "figures/val_psnr.svg")));
    }

    [Fact]
    public void Train_ResumedAfterOneEpoch_EqualsTwoEpochsInOneGo()
    {
        string straight = Path.Combine(root, "straight"), resumed = Path.Combine(root, "resumed");
        Assert.Equal(0, CliRun.Invoke(TrainArgs("fsrcnn", straight, epochs: 2)).ExitCode);
        Assert.Equal(0, CliRun.Invoke(TrainArgs("fsrcnn", resumed, epochs: 1)).ExitCode);
        var (exitCode, console, errors) = CliRun.Invoke(TrainArgs("fsrcnn", resumed, epochs: 2, "--resume"));

        Assert.True(exitCode == 0, errors);
        Assert.DoesNotContain("epoch 1:", console); // progress lines: only the second epoch was trained
        Assert.Contains("epoch 2:", console);
        var expected = Metrics(straight);
        var actual = Metrics(resumed);
        Assert.Equal(2, actual.Count);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(expected[epoch][..5], actual[epoch][..5]); // epoch, train loss, val PSNR, val SSIM, lr: all but the time
        }
    }

    [Fact]
    public void Train_ResumeWithOtherOptions_IsRefused()
    {
        string output = Path.Combine(root, "run");
        Assert.Equal(0, CliRun.Invoke(TrainArgs("fsrcnn", output, epochs: 1)).ExitCode);
        var (exitCode, _, errors) = CliRun.Invoke(TrainArgs("fsrcnn", output, epochs: 2, "--resume", "--loss", "l1"));
        Assert.Equal(2, exitCode);
        Assert.Contains("was trained with --loss mse, not l1", errors);
    }

    [Fact]
    public void EvalAndUpscale_WithTrainedWeights_PrintJsonAndWriteColourImage()
    {
        string output = Path.Combine(root, "run");
        Assert.Equal(0, CliRun.Invoke(TrainArgs("fsrcnn", output, epochs: 1)).ExitCode);
        string weights = Path.Combine(output, "checkpoints", "model.safetensors");

        var (exitCode, console, errors) = CliRun.Invoke("sr", "eval", "--scale", "3", "--data", TestSet, "--weights", weights, "--json");
        Assert.True(exitCode == 0, errors);
        using var json = JsonDocument.Parse(console);
        var methods = json.RootElement.GetProperty("methods");
        Assert.Equal(["bilinear", "bicubic", "fsrcnn"], methods.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, json.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("per_image").GetArrayLength());
        double meanOfImages = json.RootElement.GetProperty("per_image").EnumerateArray().Average(i => i.GetProperty("psnr").GetProperty("bicubic").GetDouble());
        Assert.Equal(meanOfImages, methods.GetProperty("bicubic").GetProperty("psnr").GetDouble(), 3);
        Assert.InRange(methods.GetProperty("fsrcnn").GetProperty("ssim").GetDouble(), -1, 1);

        string input = Path.Combine(TestSet, "image_SRF_3", "img_001_SRF_3_LR.png");
        string upscaled = Path.Combine(root, "out", "big.png");
        (exitCode, console, errors) = CliRun.Invoke("sr", "upscale", input, upscaled, "--scale", "3", "--weights", weights);
        Assert.True(exitCode == 0, errors);
        Assert.Equal(Path.GetFullPath(upscaled), LastLine(console));
        var small = ImageFile.Read(input);
        var big = ImageFile.Read(upscaled);
        Assert.Equal((3 * small.Width, 3 * small.Height, 3), (big.Width, big.Height, big.Channels));
    }

    [Fact]
    public void TrainAndEval_OnIlgpuCpu_GiveTheCpuNumbers()
    {
        string onCpu = Path.Combine(root, "cpu"), onDevice = Path.Combine(root, "ilgpu-cpu");
        Assert.Equal(0, CliRun.Invoke(TrainArgs("fsrcnn", onCpu, epochs: 1)).ExitCode);
        var (exitCode, _, errors) = CliRun.Invoke(TrainArgs("fsrcnn", onDevice, epochs: 1, "--device", "ilgpu-cpu"));
        Assert.True(exitCode == 0, errors);
        var cpu = Metrics(onCpu)[0];
        var device = Metrics(onDevice)[0];
        Assert.Equal(cpu[1], device[1], 4); // train loss
        Assert.Equal(cpu[2], device[2], 2); // validation PSNR

        string weights = Path.Combine(onCpu, "checkpoints", "model.safetensors");
        string Eval(string target) => CliRun.Invoke("sr", "eval", "--data", TestSet, "--weights", weights, "--json", "--device", target).Output;
        using var expected = JsonDocument.Parse(Eval("cpu"));
        using var actual = JsonDocument.Parse(Eval("ilgpu-cpu"));
        Assert.Equal(expected.RootElement.GetProperty("methods").GetProperty("fsrcnn").GetProperty("psnr").GetDouble(),
            actual.RootElement.GetProperty("methods").GetProperty("fsrcnn").GetProperty("psnr").GetDouble(), 2);
    }

    [Theory]
    [InlineData("train", "--model", "edsr")]
    [InlineData("eval", "--data", "/nonexistent/sr-set")]
    [InlineData("upscale", "/nonexistent/in.png", "out.png", "--model", "bicubic")]
    public void BadInput_FailsWithOneLineNamingTheProblem(params string[] args)
    {
        var (exitCode, _, errors) = CliRun.Invoke(["sr", .. args]);
        Assert.Equal(2, exitCode);
        Assert.StartsWith($"ilgpunet: sr {args[0]}: ", errors);
        Assert.Contains(args[^1] == "bicubic" ? "/nonexistent/in.png" : args[^1], errors);
    }

    [Fact]
    public void Eval_WithWeightsThatAreNotSrWeights_NamesTheFile()
    {
        string bogus = Path.Combine(root, "bogus.safetensors");
        File.WriteAllBytes(bogus, [1, 2, 3]);
        var (exitCode, _, errors) = CliRun.Invoke("sr", "eval", "--data", TestSet, "--weights", bogus);
        Assert.Equal(2, exitCode);
        Assert.Contains(bogus, errors);
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    private static List<double[]> Metrics(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
}
