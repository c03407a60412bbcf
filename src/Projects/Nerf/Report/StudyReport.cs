using System.Globalization;
using IlgpuNet.Nerf.Training;
using IlgpuNet.Reporting;
using IlgpuNet.Training;

namespace IlgpuNet.Nerf.Report;

/// <summary>
/// The study's report over several runs (report.html and results.md): a table of test PSNR/SSIM per scene and
/// variant beside the papers' numbers, validation PSNR of the variants on one time axis and one step axis per scene,
/// ground truth beside prediction and depth, the orbit videos, and every run's settings.
/// </summary>
public static class StudyReport
{
    // Upper bounds from the papers, lego at 800x800: NeRF (Mildenhall et al. 2020, table 4), Instant-NGP (Müller et al. 2022, table 2).
    private static readonly Dictionary<(string Scene, NerfVariant Variant), string> PaperNumbers = new()
    {
        [("lego", NerfVariant.Nerf)] = "32.54 dB (NeRF, 800x800)",
        [("lego", NerfVariant.Fast)] = "≈36 dB (Instant-NGP, 800x800)",
    };

    public static string Write(IReadOnlyList<string> runFolders, string outFolder, string commandLine)
    {
        if (runFolders.Count == 0)
        {
            throw new ArgumentException("--runs: give at least one training run folder");
        }

        var runs = runFolders.Select(StudyRun.Load).ToList();
        var output = RunFolder.Create(outFolder);
        var started = DateTimeOffset.Now;
        double trainingSeconds = runs.Sum(r => r.Metrics.Seconds.LastOrDefault());
        var report = new ReportWriter(output, "NeRF: novel view synthesis on the engine")
            .Metadata(new RunSettings(Kernels.Device.Cpu, null, output.Root, 0, 0, false, commandLine), started, TimeSpan.FromSeconds(trainingSeconds))
            .Paragraph($"Runs on {CpuName()} ({Environment.ProcessorCount} cores). Times are training wall-clock (validation renders excluded) summed over resumed sittings; " +
                "the machine was shared, so each run's CPU time (what it actually computed) is given beside it.");

        report.Heading("Results")
            .Table(["scene", "variant", "resolution", "samples per ray", "steps", "training (min)", "CPU (min)", "test PSNR (dB)", "test SSIM", "paper (upper bound)"],
                runs.Select(run => (IReadOnlyList<string>)
                [
                    run.SceneName, Variant(run.Options.Variant), $"{run.Scene.Width}x{run.Scene.Height}", Samples(run), run.Steps.ToString(CultureInfo.InvariantCulture),
                    F(run.Metrics.Seconds.LastOrDefault() / 60, 1), F(run.Metrics.CpuSeconds.LastOrDefault() / 60, 1),
                    run.TestPsnr is { } p ? F(p, 2) : "(training)", run.TestSsim is { } s ? F(s, 4) : "(training)",
                    PaperNumbers.GetValueOrDefault((run.SceneName, run.Options.Variant), "—"),
                ]));

        foreach (var scene in runs.GroupBy(r => r.SceneName))
        {
            report.Heading($"Curves: {scene.Key}", 3);
            var clock = new LineChart { Title = $"{scene.Key}: held-out view PSNR against training time", XLabel = "training minutes", YLabel = "PSNR (dB)", ShowMarkers = true };
            var steps = new LineChart { Title = $"{scene.Key}: held-out view PSNR against step", XLabel = "step", YLabel = "PSNR (dB)", ShowMarkers = true };
            var loss = new LineChart { Title = $"{scene.Key}: training loss", XLabel = "step", YLabel = "MSE", LogY = true };
            foreach (var run in scene)
            {
                var validation = run.Metrics.Validation();
                clock.Add(run.Label, validation.Seconds.Select(v => v / 60).ToArray(), validation.Psnr);
                steps.Add(run.Label, validation.Step, validation.Psnr);
                loss.Add(run.Label, run.Metrics.Step, run.Metrics.Loss);
            }

            report.Figure(clock, $"{scene.Key}-psnr-time.svg", $"{scene.Key}: PSNR of the validation view against training wall-clock, both variants on one axis.")
                .Figure(steps, $"{scene.Key}-psnr-steps.svg", $"{scene.Key}: PSNR of the validation view against training step (a step is 1024 rays for the paper's model, 4096 for the fast one unless set otherwise).")
                .Figure(loss, $"{scene.Key}-loss.svg", $"{scene.Key}: training loss (coarse + fine MSE for the paper's model).");
        }

        foreach (var run in runs)
        {
            // the trained model, so what it learnt (the occupied fraction of the grid) is described, not a fresh one's
            report.Heading(run.Label, 3).Bullets(RunReport.Settings(run.Options, run.Scene, NerfCheckpoint.Load(run.WeightsPath).CreateModel()));
            string prefix = $"{run.SceneName}-{run.Options.Variant.ToString().ToLowerInvariant()}-{run.Scene.Width}";
            foreach (var image in run.Files("images", "test-*.png").Take(2).Concat(run.Files("images", "train-*.png").Take(1)))
            {
                string name = $"{prefix}-{Path.GetFileName(image)}";
                File.Copy(image, Path.Combine(output.ImagesDirectory, name), overwrite: true);
                var parts = Path.GetFileNameWithoutExtension(image).Split('-', 2);
                string kind = parts[0] == "test" ? "held-out test view" : "training view";
                report.Image($"{RunFolder.ImagesFolder}/{name}", $"{run.Label}, {kind} {parts[1]}: ground truth, prediction, depth.");
            }

            foreach (var stem in new[] { "video", "video-depth" })
            {
                string gif = Path.Combine(run.Folder, stem + ".gif"), mp4 = Path.Combine(run.Folder, stem + ".mp4");
                if (!File.Exists(gif))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.Combine(output.Root, "videos"));
                File.Copy(gif, Path.Combine(output.Root, "videos", $"{prefix}-{stem}.gif"), overwrite: true);
                string? video = null;
                if (File.Exists(mp4))
                {
                    File.Copy(mp4, Path.Combine(output.Root, "videos", $"{prefix}-{stem}.mp4"), overwrite: true);
                    video = $"videos/{prefix}-{stem}.mp4";
                }

                report.Video(video, $"videos/{prefix}-{stem}.gif", $"{run.Label}: 360° orbit at the training cameras' elevation, {(stem == "video" ? "colour" : "depth")}.");
            }
        }

        report.Save();
        return output.Root;
    }

    private static string Variant(NerfVariant variant) => variant == NerfVariant.Nerf ? "paper NeRF (coarse + fine)" : "fast (hash grid + occupancy)";

    private static string Samples(StudyRun run) => run.Options.Variant == NerfVariant.Nerf
        ? $"{run.Options.CoarseSamples} + {run.Options.FineSamples} (fine net: {run.Options.CoarseSamples + run.Options.FineSamples})"
        : $"{F(run.Metrics.Step.Length > 0 ? Enumerable.Range(0, run.Metrics.Step.Length).Average(i => SamplesAt(run, i)) : 0, 0)} on average (occupied cells only)";

    private static double SamplesAt(StudyRun run, int row) => run.Metrics.SamplesPerRay.Length > row ? run.Metrics.SamplesPerRay[row] : 0;

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? "an unknown CPU";
    }
}
