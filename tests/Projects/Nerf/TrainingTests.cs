using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Nerf.Training;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>
/// Both variants learn the project's own scene at 16x16 in seconds, and a run stopped and resumed ends exactly where
/// an uninterrupted one does.
/// </summary>
public class TrainingTests
{
    // Small enough for a few seconds on two cores: 8 hash levels of 2^10 rows, a 16³ occupancy grid, 256 rays a step.
    private static readonly NerfOptions Fast = NerfOptions.For(NerfVariant.Fast) with
    {
        Downscale = 1,
        Iterations = 200,
        BatchRays = 256,
        HashLevels = 8,
        HashTableLog2 = 10,
        HashBaseResolution = 4,
        HashMaxResolution = 64,
        HiddenWidth = 32,
        GridResolution = 16,
        MarchSteps = 96,
        GridWarmup = 32,
        ValidateEvery = 100,
        CheckpointEvery = 100,
    };

    // The paper's architecture shrunk: 4 layers of 64 (the skip comes after layer 5, so none here), 16 + 16 samples.
    private static readonly NerfOptions Paper = NerfOptions.For(NerfVariant.Nerf) with
    {
        Downscale = 1,
        Iterations = 200,
        BatchRays = 256,
        Depth = 4,
        Width = 64,
        CoarseSamples = 16,
        FineSamples = 16,
        PositionFrequencies = 6,
        DirectionFrequencies = 2,
        PrecropIterations = 20,
        ValidateEvery = 75,
        CheckpointEvery = 75,
    };

    [Theory]
    [InlineData(NerfVariant.Fast, 15.0)]
    [InlineData(NerfVariant.Nerf, 13.0)]
    public void TinyOwnScene_TestPsnrRisesAboveThreshold(NerfVariant variant, double threshold)
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Sub("scene"), 16, trainViews: 30, valViews: 1, testViews: 2, seed: 1);
        var options = variant == NerfVariant.Fast ? Fast : Paper;
        var before = NerfStudy.Evaluate(Untrained(folder, options), folder.Sub("scene"), "test");
        var summary = new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("run"))!;
        Assert.True(summary.Test.MeanPsnr > threshold, $"{variant}: test PSNR {summary.Test.MeanPsnr:F2} dB after {summary.Steps} steps (untrained {before.MeanPsnr:F2} dB)");
        Assert.True(summary.Test.MeanPsnr > before.MeanPsnr + 3, $"{variant}: {before.MeanPsnr:F2} → {summary.Test.MeanPsnr:F2} dB");
        Assert.True(File.Exists(Path.Combine(summary.RunFolder, "report.html")));
        var again = NerfStudy.Evaluate(summary.WeightsPath, folder.Sub("scene"), "test");
        Assert.Equal(summary.Test.MeanPsnr, again.MeanPsnr, 6);
    }

    [Fact]
    public void StoppedAndResumedRun_EndsWithTheSameWeightsAsAnUninterruptedOne()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Sub("scene"), 16, trainViews: 6, valViews: 1, testViews: 1, seed: 2);
        var options = Fast with { Iterations = 60, CheckpointEvery = 20, ValidateEvery = 30, GridWarmup = 8, GridUpdateEvery = 8 };
        var straight = new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("straight"))!;

        using (var stop = new CancellationTokenSource())
        {
            var progress = new StopAt(25, stop);
            Assert.Null(new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("resumed"), progress: progress, stop: stop.Token));
        }

        Assert.Equal(25, Checkpoint.Load(NerfStudy.CheckpointOf(folder.Sub("resumed"))).Epoch);
        var resumed = new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("resumed"), resume: true)!;
        var a = Checkpoint.Load(straight.WeightsPath).Model;
        var b = Checkpoint.Load(resumed.WeightsPath).Model;
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys)
        {
            Assert.Equal(a[key].ToArray(), b[key].ToArray());
        }

        Assert.Equal(straight.Test.MeanPsnr, resumed.Test.MeanPsnr, 9);
    }

    [Fact]
    public void Resume_WithOtherOptions_NamesTheDifference()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Sub("scene"), 16, trainViews: 4, valViews: 1, testViews: 1, seed: 2);
        var options = Fast with { Iterations = 4, CheckpointEvery = 2, ValidateEvery = 4 };
        new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("run"));
        var error = Assert.Throws<ArgumentException>(() => new NerfStudy(options with { BatchRays = 128 }, folder.Sub("scene")).Train(folder.Sub("run"), resume: true));
        Assert.Contains("BatchRays 256, asked 128", error.Message);
        Assert.Throws<ArgumentException>(() => new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("run")));
    }

    [Fact]
    public void Report_TwoRunsOfOneVariant_ToldApartByResolution()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Sub("scene"), 24, trainViews: 4, valViews: 1, testViews: 1, seed: 3); // 12x12 at half: SSIM needs 11x11
        var options = Fast with { Iterations = 4, CheckpointEvery = 4, ValidateEvery = 2 };
        new NerfStudy(options, folder.Sub("scene")).Train(folder.Sub("full"));
        new NerfStudy(options with { Downscale = 2 }, folder.Sub("scene")).Train(folder.Sub("half"));
        string report = NerfStudy.Report([folder.Sub("full"), folder.Sub("half")], folder.Sub("report"));
        string results = File.ReadAllText(Path.Combine(report, "results.md"));
        Assert.Contains("### scene, fast, 24x24", results);
        Assert.Contains("### scene, fast, 12x12", results);
        var images = Directory.GetFiles(Path.Combine(report, "images")).Select(Path.GetFileName).ToList();
        Assert.Contains(images, name => name!.StartsWith("scene-fast-24-", StringComparison.Ordinal));
        Assert.Contains(images, name => name!.StartsWith("scene-fast-12-", StringComparison.Ordinal));
    }

    // A checkpoint of the untrained model, to score what training starts from.
    private static string Untrained(TempFolder folder, NerfOptions options)
    {
        var run = folder.Sub("untrained");
        new NerfStudy(options with { Iterations = 1, ValidateEvery = 1, CheckpointEvery = 1, LearningRate = 1e-12 }, folder.Sub("scene")).Train(run);
        return Path.Combine(run, "model.safetensors");
    }

    // Requests the stop once the given number of steps has been reported.
    private sealed class StopAt(int steps, CancellationTokenSource stop) : IProgressDisplay
    {
        public void Run(string title, int total, Action<Action<string>> body)
        {
            int done = 0;
            body(_ =>
            {
                if (++done >= steps)
                {
                    stop.Cancel();
                }
            });
        }
    }
}
