using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Nerf.Training;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>
/// <c>ilgpunet nerf</c> from the command line: eval on broken scene folders ends before any rendering with one line that
/// names the file and the problem, and a non-zero exit code; video writes its animations.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class NerfCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-nerf-cli-").FullName;

    public NerfCommandTests()
    {
        NerfStudy.MakeScene(Scene, 16, trainViews: 3, valViews: 1, testViews: 2, seed: 4);
        // an untrained model is enough to reach the checks: they run before anything renders
        var options = NerfOptions.For(NerfVariant.Fast) with { Downscale = 1, HashLevels = 2, HashTableLog2 = 6, GridResolution = 4 };
        var train = SceneViews.Load(SceneSplits.Load(Scene, "train", 1, options.Holdout));
        NerfCheckpoint.Save(CheckpointPath, RadianceModel.Create(options), null, SceneInfo.Describe(Scene, train, AnalyticScene.CameraAngleX, ["r_0"], ["r_0", "r_1"]), 0, 0);
    }

    private string Scene => Path.Combine(folder, "scene");

    private string CheckpointPath => Path.Combine(folder, "model.safetensors");

    private string TestJson => Path.Combine(Scene, "transforms_test.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Video_GifOutput_WritesColourAndDepthAnimationsOfTheCheckpointsSize()
    {
        string output = Path.Combine(folder, "orbit.gif");
        var run = CliRun.Invoke("nerf", "video", "--checkpoint", CheckpointPath, "--out", output, "--frames", "3", "--fps", "10");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");
        foreach (var path in new[] { output, Path.Combine(folder, "orbit-depth.gif") })
        {
            Assert.Equal("GIF89a"u8.ToArray(), File.ReadAllBytes(path)[..6]);
            var first = IlgpuNet.Data.Imaging.ImageFile.Read(path);
            Assert.Equal((16, 16), (first.Width, first.Height));
        }

        Assert.False(File.Exists(Path.Combine(folder, "orbit.mp4")), "a .gif output writes only the animations");
    }

    [Fact]
    public void Eval_CorruptTransformsFile_OneLineNamingIt()
    {
        File.WriteAllText(TestJson, "{ \"camera_angle_x\": 0.69, \"frames\": [ { \"file_path\": ");
        var run = Eval();
        AssertOneLine(run, $"{TestJson}: not valid JSON");
    }

    [Fact]
    public void Eval_MissingImage_OneLineNamingTheImage()
    {
        File.Delete(Path.Combine(Scene, "test", "r_1.png"));
        var run = Eval();
        AssertOneLine(run, $"{TestJson}: image {Path.Combine(Scene, "test", "r_1.png")} does not exist");
    }

    [Fact]
    public void Eval_PoseMatrixOfWrongShape_OneLineNamingTheFrame()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestJson))!;
        json["frames"]![1]!["transform_matrix"]!.AsArray().RemoveAt(3);
        File.WriteAllText(TestJson, json.ToJsonString());
        var run = Eval();
        AssertOneLine(run, $"{TestJson}: transform_matrix of ./test/r_1.png is not a 4x4 matrix of numbers");
    }

    [Fact]
    public void Eval_GoodScene_PrintsPerViewScoresAndMeansAsJson()
    {
        var run = Eval("--json");
        Assert.Equal(0, run.ExitCode);
        var json = System.Text.Json.JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(2, json.GetProperty("views").GetArrayLength());
        Assert.Equal("r_1", json.GetProperty("views")[1].GetProperty("view").GetString());
        double mean = (json.GetProperty("views")[0].GetProperty("psnr").GetDouble() + json.GetProperty("views")[1].GetProperty("psnr").GetDouble()) / 2;
        Assert.Equal(mean, json.GetProperty("mean_psnr").GetDouble(), 9);
    }

    [Fact]
    public void Train_OptionsOutOfRange_EveryProblemOnItsOwnLineBeforeAnyWork()
    {
        string run = Path.Combine(folder, "run");
        var result = CliRun.Invoke("nerf", "train", "--scene", Scene, "--out", run, "--iterations", "0", "--batch-rays", "-4", "--grid-resolution", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "ilgpunet: nerf train: --iterations 0: must be a whole number of at least 1",
                "ilgpunet: nerf train: --batch-rays -4: must be a whole number of at least 1",
                "ilgpunet: nerf train: --grid-resolution 2: must be between 4 and 512",
            ],
            result.Errors.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(run));
    }

    private CliRun Eval(params string[] extra) => CliRun.Invoke(["nerf", "eval", "--checkpoint", CheckpointPath, "--scene", Scene, "--split", "test", .. extra]);

    private static void AssertOneLine(CliRun run, string expectedStart)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var lines = run.Errors.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"ilgpunet: nerf eval: {expectedStart}", lines[0]);
    }
}
