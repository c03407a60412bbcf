using System.Globalization;
using IlgpuNet.Data;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Reporting;
using IlgpuNet.Training;

namespace IlgpuNet.Nerf.Report;

/// <summary>
/// One training run's report.html: settings, curves against steps and training time, test scores per view, ground
/// truth beside prediction and depth for test and training views.
/// </summary>
internal sealed class RunReport(RunFolder run, NerfOptions options, SceneInfo scene, RadianceModel model, string commandLine, Kernels.Device device)
{
    private const int TestFigures = 4;
    private readonly List<(string Path, string Caption)> testImages = [];
    private readonly DateTimeOffset started = DateTimeOffset.Now;

    /// <summary>Receives each rendered test view; the first few become figures.</summary>
    public void AddTestView(int index, RenderedView view, FloatImage truth, ViewScore score)
    {
        if (index < TestFigures)
        {
            var path = run.SaveImage(ViewStrip.Render(truth, view, $"{score.Psnr:F2} dB"), $"test-{score.View}.png");
            testImages.Add((path, $"test view {score.View}: {score.Psnr:F2} dB, SSIM {score.Ssim:F3}"));
        }
    }

    public void Write(SceneViews train, SplitScores test, double seconds, int steps)
    {
        string sceneName = Path.GetFileName(scene.Folder.TrimEnd(Path.DirectorySeparatorChar));
        var report = new ReportWriter(run, $"NeRF ({Describe(options.Variant)}) on {sceneName}")
            .Metadata(new RunSettings(device, scene.Folder, run.Root, options.Seed, 0, false, commandLine), started, TimeSpan.FromSeconds(seconds))
            .Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"**Test PSNR {test.MeanPsnr:F2} dB, SSIM {test.MeanSsim:F3}** (mean over {test.Views.Count} held-out views at {test.Width}x{test.Height}) after {steps} steps and {seconds / 60:F1} min of training."))
            .Heading("Settings")
            .Bullets(Settings(options, scene, model));

        var metrics = RunMetrics.Read(run.MetricsPath);
        if (metrics.Step.Length > 0)
        {
            report.Heading("Curves")
                .Figure(new LineChart { Title = "Training loss", XLabel = "step", YLabel = "MSE (mean of 10 steps)", LogY = true }.Add("loss", metrics.Step, metrics.Loss),
                    "loss.svg", "Training loss (coarse + fine MSE for the paper's model).");
            var validation = metrics.Validation();
            report.Figure(new LineChart { Title = "PSNR against step", XLabel = "step", YLabel = "PSNR (dB)" }
                    .Add("train batches", metrics.Step, metrics.TrainPsnr).Add("validation view", validation.Step, validation.Psnr),
                    "psnr-steps.svg", $"PSNR of the training batches and of the held-out view {scene.ValViews.FirstOrDefault()}.")
                .Figure(new LineChart { Title = "Validation PSNR against training time", XLabel = "training minutes", YLabel = "PSNR (dB)", ShowMarkers = true }
                    .Add(Describe(options.Variant), validation.Seconds.Select(v => v / 60).ToArray(), validation.Psnr),
                    "psnr-time.svg", "Held-out view PSNR against training wall-clock (validation renders not counted).");
        }

        report.Heading("Test views")
            .Table(["view", "PSNR (dB)", "SSIM"], test.Views.Select(v => (IReadOnlyList<string>)[v.View, F(v.Psnr, 2), F(v.Ssim, 4)])
                .Append(["mean", F(test.MeanPsnr, 2), F(test.MeanSsim, 4)]));
        testImages.ForEach(image => report.Image(image.Path, image.Caption));
        report.Heading("Training views");
        foreach (int i in new[] { 0, train.Count / 2 })
        {
            var view = ViewRenderer.Render(model, train.Camera, train.Poses[i]);
            var score = SplitEvaluation.Score(train.Names[i], view.Color, train.Images[i]);
            report.Image(run.SaveImage(ViewStrip.Render(train.Images[i], view, $"{score.Psnr:F2} dB"), $"train-{score.View}.png"), $"training view {score.View}: {score.Psnr:F2} dB");
        }

        report.Save();
        run.WriteSummary(new
        {
            variant = options.Variant.ToString().ToLowerInvariant(),
            scene = scene.Folder,
            width = scene.Width,
            height = scene.Height,
            steps,
            train_seconds = seconds,
            cpu_seconds = metrics.CpuSeconds.LastOrDefault(),
            test_psnr = test.MeanPsnr,
            test_ssim = test.MeanSsim,
            views = test.Views,
        });
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Describe(NerfVariant variant) => variant == NerfVariant.Nerf ? "paper NeRF, coarse + fine" : "hash grid + occupancy grid";

    /// <summary>Every simplification and setting that shapes the result, as report lines.</summary>
    public static IEnumerable<string> Settings(NerfOptions options, SceneInfo scene, RadianceModel model)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"Resolution {scene.Width}x{scene.Height} (views downscaled {options.Downscale}x by area); {scene.TrainViews.Count} training views; validation {string.Join(", ", scene.ValViews)}; test {string.Join(", ", scene.TestViews)}.");
        yield return string.Create(CultureInfo.InvariantCulture, $"{options.Iterations} iterations planned{(options.TimeLimitMinutes is { } m ? $", stopped after {m} min of training at the latest" : "")}; {options.BatchRays} rays per step from all training views, shuffled; Adam, lr {options.LearningRate:G3} decaying exponentially to {options.LearningRate * options.LearningRateDecay:G3}.");
        yield return string.Create(CultureInfo.InvariantCulture, $"Near {options.Near}, far {options.Far}, bounding cube ±{options.Bound}, {(options.WhiteBackground ? "white" : "black")} background.");
        if (options.Variant == NerfVariant.Nerf)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Paper MLP: {options.Depth}x{options.Width} with the skip after layer 5, density head, {options.Width / 2}-wide view branch; positional encoding L = {options.PositionFrequencies} (position), {options.DirectionFrequencies} (direction); coarse and fine networks.");
            yield return string.Create(CultureInfo.InvariantCulture, $"Samples per ray: {options.CoarseSamples} stratified (coarse) + {options.FineSamples} by inverse CDF (fine evaluates {options.CoarseSamples + options.FineSamples}); the paper uses 64 + 128.");
            yield return string.Create(CultureInfo.InvariantCulture, $"Raw-noise regularisation σ = {options.RawNoise}; precrop (central {options.PrecropFraction:P0}) for the first {options.PrecropIterations} steps.");
        }
        else if (model is FastNerf fast)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Hash encoding: {options.HashLevels} levels x {options.HashFeatures} features, table 2^{options.HashTableLog2} rows per level, resolutions {options.HashBaseResolution}..{options.HashMaxResolution}; density MLP 1x{options.HiddenWidth}, colour MLP 2x{options.HiddenWidth} with spherical harmonics (degree 4) of the view direction.");
            yield return string.Create(CultureInfo.InvariantCulture, $"Occupancy grid {options.GridResolution}³ updated every {options.GridUpdateEvery} steps after {options.GridWarmup}; {fast.Grid.OccupiedFraction:P1} of the cells occupied at the end; march step {fast.StepLength:F4} ({options.MarchSteps} across the cube's diagonal).");
        }

        yield return $"Parameters: {model.ParameterCount():N0}.";
    }
}
