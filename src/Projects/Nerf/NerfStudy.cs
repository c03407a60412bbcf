using System.Text.Json;
using System.Text.Json.Serialization;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Report;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Training;
using IlgpuNet.Nerf.Video;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Nerf;

/// <summary>
/// The NeRF course project's entry point: train a variant on a Blender-format scene, and (static) render, evaluate,
/// film, make the project's own scene and report, all from checkpoints that carry their options.
/// </summary>
public sealed class NerfStudy
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <param name="device">
    /// Where the model trains (default the CPU backend). Both variants run on every device: the fast variant's hash
    /// encoding, MLPs and volume rendering run there, its ray marching and occupancy bookkeeping on the host.
    /// </param>
    public NerfStudy(NerfOptions options, string sceneFolder, Device? device = null)
    {
        options.Validate();
        Options = options;
        SceneFolder = sceneFolder;
        Device = device ?? Device.Cpu;
        new OptionCheck().ExistingFolder("--scene", sceneFolder).ThrowIfAny();
    }

    public NerfOptions Options { get; }

    public string SceneFolder { get; }

    public Device Device { get; }

    /// <summary>Where a run folder keeps the checkpoint <c>--resume</c> continues from.</summary>
    public static string CheckpointOf(string runFolder) => Path.Combine(runFolder, RunFolder.CheckpointsFolder, "last.safetensors");

    /// <summary>The options a run folder was trained with (what <c>--resume</c> continues with).</summary>
    public static NerfOptions OptionsOf(string runFolder) => NerfCheckpoint.Load(CheckpointOf(runFolder)).Options;

    /// <summary>
    /// Trains into <paramref name="runFolder"/> (or continues it with <paramref name="resume"/>), writes model.safetensors
    /// (weights only), scores the test split and writes the run's report. Lines about the data and the result go to
    /// <paramref name="log"/>. Returns null when <paramref name="stop"/> ended it early.
    /// </summary>
    /// <param name="stop">When set, or when <see cref="RunInterruption"/> is (Ctrl-C, SIGTERM), training ends after the
    /// current step with a checkpoint to resume from.</param>
    public TrainingSummary? Train(string runFolder, bool resume = false, IProgressDisplay? progress = null, TextWriter? log = null,
        string commandLine = "", CancellationToken stop = default)
    {
        log ??= TextWriter.Null;
        string checkpointPath = CheckpointOf(runFolder);
        NerfCheckpoint? previous = null;
        if (resume)
        {
            previous = NerfCheckpoint.Load(checkpointPath);
            if (previous.Options with { TimeLimitMinutes = null } != Options with { TimeLimitMinutes = null })
            {
                throw new ArgumentException($"--resume: {checkpointPath} was trained with other options ({Differences(previous.Options, Options)})");
            }
        }
        else if (File.Exists(checkpointPath))
        {
            throw new ArgumentException($"{runFolder} already holds a NeRF run ({checkpointPath}): add --resume to continue it or choose another --out");
        }

        var train = LoadSplit("train", log);
        var validation = LoadSplit("val", log);
        var testScene = SceneSplits.Load(SceneFolder, "test", Options.Downscale, Options.Holdout);
        log.WriteLine($"{SceneSplits.Describe(SceneFolder, "test", Options.Holdout)}: {string.Join(", ", testScene.Frames.Select(f => Path.GetFileNameWithoutExtension(f.ImagePath)))}");
        var scene = SceneInfo.Describe(SceneFolder, train, testScene.CameraAngleX, validation.Names,
            testScene.Frames.Select(f => Path.GetFileNameWithoutExtension(f.ImagePath)).ToList());
        if (previous != null && (previous.Scene.Width, previous.Scene.Height) != (scene.Width, scene.Height))
        {
            throw new ArgumentException($"--resume: {checkpointPath} was trained at {previous.Scene.Width}x{previous.Scene.Height}, the scene loads at {scene.Width}x{scene.Height}");
        }

        var run = RunFolder.Create(runFolder);
        run.WriteConfig(new { command = commandLine, scene = Path.GetFullPath(SceneFolder), options = JsonSerializer.SerializeToNode(Options, Json) });
        var model = RadianceModel.Create(Options, new Generator(Options.Seed));
        model.To(Device);
        var trainer = new NerfTrainer(Options, model, train, validation, scene, run);
        var optimizer = trainer.CreateOptimizer();
        int startStep = 0;
        double startSeconds = 0;
        if (previous != null)
        {
            model.Load(previous.Weights);
            optimizer.LoadStateDict(previous.Optimizer ?? throw new InvalidDataException($"{checkpointPath}: holds no optimizer state to resume from"));
            (startStep, startSeconds) = (previous.Step, previous.TrainSeconds);
            log.WriteLine($"resuming at step {startStep} after {startSeconds / 60:F1} min of training");
        }

        var (seconds, steps) = trainer.Run(optimizer, startStep, startSeconds, resume, progress ?? new TextProgress(), stop);
        if (NerfTrainer.StopRequested(stop) && steps < Options.Iterations)
        {
            log.WriteLine($"stopped at step {steps} after {seconds / 60:F1} min of training; continue with --resume");
            return null;
        }

        string weights = Path.Combine(run.Root, "model.safetensors");
        NerfCheckpoint.Save(weights, model, optimizer: null, scene, steps, seconds);
        var test = SceneViews.Load(testScene);
        var report = new RunReport(run, Options, scene, model, commandLine, Device);
        var scores = SplitEvaluation.Evaluate(model, test, report.AddTestView);
        report.Write(train, scores, seconds, steps);
        log.WriteLine($"test PSNR {scores.MeanPsnr:F2} dB, SSIM {scores.MeanSsim:F3} over {scores.Views.Count} views after {steps} steps, {seconds / 60:F1} min of training");
        return new TrainingSummary(run.Root, weights, steps, seconds, scores);
    }

    /// <summary>
    /// Renders every pose of a transforms file (camera_angle_x and transform_matrix; the images need not exist) at the
    /// checkpoint's resolution: NAME.png and NAME-depth.png per frame into <paramref name="outFolder"/>.
    /// </summary>
    public static IReadOnlyList<string> Render(string checkpointPath, string posesPath, string outFolder, Action<int, int>? rendered = null, Device? device = null)
    {
        new OptionCheck().ExistingFile("--checkpoint", checkpointPath).ExistingFile("--poses", posesPath).OutputFolder("--out", outFolder).ThrowIfAny();
        var checkpoint = NerfCheckpoint.Load(checkpointPath);
        var (cameraAngleX, frames) = BlenderScene.ReadPoses(posesPath);
        var model = checkpoint.CreateModel(device);
        var camera = PinholeCamera.FromFieldOfView(checkpoint.Scene.Width, checkpoint.Scene.Height, cameraAngleX);
        Directory.CreateDirectory(outFolder);
        var written = new List<string>();
        for (int i = 0; i < frames.Count; i++)
        {
            var view = ViewRenderer.Render(model, camera, frames[i].CameraToWorld);
            string name = Path.GetFileNameWithoutExtension(frames[i].ImagePath);
            written.Add(Path.Combine(outFolder, $"{name}.png"));
            ImageFile.Write(written[^1], view.Color.ToBytes());
            written.Add(Path.Combine(outFolder, $"{name}-depth.png"));
            ImageFile.Write(written[^1], DepthImage.Colorize(view));
            rendered?.Invoke(i + 1, frames.Count);
        }

        return written;
    }

    /// <summary>
    /// Renders a split of <paramref name="sceneFolder"/> (held out by the checkpoint's rule where the folder has no file
    /// for it) at the checkpoint's resolution and scores every view: PSNR and SSIM.
    /// </summary>
    public static SplitScores Evaluate(string checkpointPath, string sceneFolder, string split, Action<ViewScore>? scored = null, Device? device = null)
    {
        new OptionCheck().ExistingFile("--checkpoint", checkpointPath).ExistingFolder("--scene", sceneFolder).ThrowIfAny();
        var checkpoint = NerfCheckpoint.Load(checkpointPath);
        var views = SceneViews.Load(SceneSplits.Load(sceneFolder, split, checkpoint.Options.Downscale, checkpoint.Options.Holdout));
        if ((views.Camera.Width, views.Camera.Height) != (checkpoint.Scene.Width, checkpoint.Scene.Height))
        {
            throw new InvalidDataException($"{sceneFolder}: its {split} views load at {views.Camera.Width}x{views.Camera.Height} with downscale {checkpoint.Options.Downscale}, " +
                $"but {checkpointPath} was trained at {checkpoint.Scene.Width}x{checkpoint.Scene.Height}");
        }

        return SplitEvaluation.Evaluate(checkpoint.CreateModel(device), views, (_, _, _, score) => scored?.Invoke(score));
    }

    /// <summary>
    /// A 360° orbit at the scene's elevation: OUT (.mp4 through ffmpeg when installed) with OUT-depth beside it, and
    /// always the animated GIFs STEM.gif and STEM-depth.gif. An output ending in .gif writes only those.
    /// </summary>
    public static VideoFiles Video(string checkpointPath, string outputPath, int frames, int framesPerSecond, Action<int, int>? rendered = null,
        Device? device = null)
    {
        new OptionCheck().ExistingFile("--checkpoint", checkpointPath).OutputFile("--out", outputPath, [".mp4", ".gif"])
            .AtLeast("--frames", frames, 2).Positive("--fps", framesPerSecond).ThrowIfAny();
        var checkpoint = NerfCheckpoint.Load(checkpointPath);
        var (color, depth) = OrbitVideo.Render(checkpoint.CreateModel(device), checkpoint.Scene, frames, i => rendered?.Invoke(i, frames));
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, Path.GetFileNameWithoutExtension(outputPath));
        Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
        var written = new List<string> { stem + ".gif", stem + "-depth.gif" };
        VideoEncoder.WriteAnimatedGif(written[0], color, framesPerSecond);
        VideoEncoder.WriteAnimatedGif(written[1], depth, framesPerSecond);
        if (Path.GetExtension(outputPath).Equals(".gif", StringComparison.OrdinalIgnoreCase))
        {
            return new VideoFiles(written, null);
        }

        if (VideoEncoder.FfmpegPath == null)
        {
            return new VideoFiles(written, $"ffmpeg is not installed (apt-get install ffmpeg): wrote the animated GIFs only, not {outputPath}");
        }

        VideoEncoder.WriteMp4(stem + ".mp4", color, framesPerSecond);
        VideoEncoder.WriteMp4(stem + "-depth.mp4", depth, framesPerSecond);
        written.InsertRange(0, [stem + ".mp4", stem + "-depth.mp4"]);
        return new VideoFiles(written, null);
    }

    /// <summary>Writes the project's own analytic scene into <paramref name="folder"/> in the Blender format (see <see cref="AnalyticScene"/>).</summary>
    public static void MakeScene(string folder, int size, int trainViews, int valViews, int testViews, ulong seed, TextWriter? log = null)
    {
        new OptionCheck().OutputFolder("--out", folder).AtLeast("--size", size, 8).Positive("--train", trainViews).Positive("--val", valViews)
            .Positive("--test", testViews).ThrowIfAny();
        AnalyticScene.Write(folder, size, trainViews, valViews, testViews, seed, log);
    }

    /// <summary>
    /// The study's report over finished (or running) training runs: report.html and results.md in
    /// <paramref name="outFolder"/>, with their figures, images and videos copied there. Returns the folder.
    /// </summary>
    public static string Report(IReadOnlyList<string> runFolders, string outFolder, string commandLine = "") =>
        StudyReport.Write(runFolders, outFolder, commandLine);

    private SceneViews LoadSplit(string split, TextWriter log)
    {
        var views = SceneViews.Load(SceneSplits.Load(SceneFolder, split, Options.Downscale, Options.Holdout));
        log.WriteLine($"{SceneSplits.Describe(SceneFolder, split, Options.Holdout)}: {views.Count} views at {views.Camera.Width}x{views.Camera.Height}");
        return views;
    }

    private static string Differences(NerfOptions saved, NerfOptions asked)
    {
        var savedJson = JsonSerializer.SerializeToNode(saved, Json)!.AsObject();
        var askedJson = JsonSerializer.SerializeToNode(asked, Json)!.AsObject();
        return string.Join("; ", savedJson.Where(p => p.Key != nameof(NerfOptions.TimeLimitMinutes) && p.Value?.ToJsonString() != askedJson[p.Key]?.ToJsonString())
            .Select(p => $"{p.Key} {p.Value?.ToJsonString()}, asked {askedJson[p.Key]?.ToJsonString()}"));
    }
}
