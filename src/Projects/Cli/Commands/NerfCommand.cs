using System.CommandLine;
using System.Globalization;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Training;

namespace IlgpuNet.Cli.Commands;

/// <summary>
/// <c>ilgpunet nerf train | render | eval | video | make-scene | report</c>: binds the options and calls
/// <see cref="NerfStudy"/>, where all the work is.
/// </summary>
public static class NerfCommand
{
    public static Command Create()
    {
        var command = new Command("nerf", "Neural radiance fields: train the paper's NeRF or the hash-grid variant on a Blender-format scene, render, evaluate, film.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Render());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Video());
        command.Subcommands.Add(MakeScene());
        command.Subcommands.Add(Report());
        return command;
    }

    private static Option<string> DeviceOption() => new("--device")
    {
        Description = "cpu, ilgpu-cpu or cuda[:N] (default: $ILGPUNET_DEVICE, else cpu); both variants run on each",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ILGPUNET_DEVICE") ?? "cpu",
    };

    private static Kernels.Device ParseDevice(ParseResult result, Option<string> option)
    {
        var device = Kernels.Device.Parse(result.GetValue(option)!);
        TrainingDevice.Require(device);
        return device;
    }

    private static Option<string> CheckpointOption() => new("--checkpoint")
    {
        Description = "NeRF checkpoint (a run's model.safetensors or checkpoints/last.safetensors; default: the shipped lego model)",
        DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "weights", "nerf", "lego-fast.safetensors"),
    };

    private static Command Render()
    {
        var checkpoint = CheckpointOption();
        var poses = new Option<string>("--poses") { Description = "transforms JSON (camera_angle_x, frames with transform_matrix; images need not exist)", Required = true };
        var output = new Option<string>("--out") { Description = "folder for NAME.png and NAME-depth.png", Required = true };
        var device = DeviceOption();
        var render = new Command("render", "Render the poses of a transforms file at the checkpoint's resolution, colour and depth.");
        foreach (var option in new Option[] { checkpoint, poses, output, device })
        {
            render.Options.Add(option);
        }

        render.SetAction(result =>
        {
            var files = NerfStudy.Render(result.GetValue(checkpoint)!, result.GetValue(poses)!, result.GetValue(output)!,
                (done, total) => Console.Error.WriteLine($"rendered {done}/{total}"), ParseDevice(result, device));
            Console.WriteLine($"{files.Count} images in {Path.GetFullPath(result.GetValue(output)!)}");
            return 0;
        });
        return render;
    }

    private static Command Eval()
    {
        var checkpoint = CheckpointOption();
        var scene = new Option<string>("--scene") { Description = "Blender-format scene folder", Required = true };
        var split = new Option<string>("--split") { Description = "train, val or test (held out of transforms_train.json when the folder has no file for it)", DefaultValueFactory = _ => "test" };
        var json = new Option<bool>("--json") { Description = "print the scores as JSON" };
        var device = DeviceOption();
        var eval = new Command("eval", "Render every view of a split at the checkpoint's resolution; PSNR and SSIM per view and their means.");
        foreach (var option in new Option[] { checkpoint, scene, split, json, device })
        {
            eval.Options.Add(option);
        }

        eval.SetAction(result =>
        {
            bool asJson = result.GetValue(json);
            var scores = NerfStudy.Evaluate(result.GetValue(checkpoint)!, result.GetValue(scene)!, result.GetValue(split)!,
                score => (asJson ? Console.Error : Console.Out).WriteLine(string.Create(CultureInfo.InvariantCulture, $"{score.View}: PSNR {score.Psnr:F2} dB, SSIM {score.Ssim:F4}")),
                ParseDevice(result, device));
            Console.WriteLine(asJson
                ? System.Text.Json.JsonSerializer.Serialize(new
                {
                    checkpoint = Path.GetFullPath(result.GetValue(checkpoint)!),
                    scene = Path.GetFullPath(result.GetValue(scene)!),
                    split = scores.Split,
                    width = scores.Width,
                    height = scores.Height,
                    views = scores.Views.Select(v => new { view = v.View, psnr = v.Psnr, ssim = v.Ssim }),
                    mean_psnr = scores.MeanPsnr,
                    mean_ssim = scores.MeanSsim,
                }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true })
                : string.Create(CultureInfo.InvariantCulture, $"mean over {scores.Views.Count} views: PSNR {scores.MeanPsnr:F2} dB, SSIM {scores.MeanSsim:F4}"));
            return 0;
        });
        return eval;
    }

    private static Command Video()
    {
        var checkpoint = CheckpointOption();
        var output = new Option<string>("--out") { Description = "video.mp4 (H.264 through ffmpeg, with video-depth.mp4 and animated GIFs beside it) or video.gif (animated GIF)", Required = true };
        var frames = new Option<int>("--frames") { Description = "frames in the orbit", DefaultValueFactory = _ => 120 };
        var fps = new Option<int>("--fps") { Description = "frames per second", DefaultValueFactory = _ => 30 };
        var device = DeviceOption();
        var video = new Command("video", "A 360° orbit at the scene's elevation, colour and depth.");
        foreach (var option in new Option[] { checkpoint, output, frames, fps, device })
        {
            video.Options.Add(option);
        }

        video.SetAction(result =>
        {
            var files = NerfStudy.Video(result.GetValue(checkpoint)!, result.GetValue(output)!, result.GetValue(frames), result.GetValue(fps),
                (done, total) =>
                {
                    if (done % 10 == 0 || done == total)
                    {
                        Console.Error.WriteLine($"frame {done}/{total}");
                    }
                },
                ParseDevice(result, device));
            if (files.Mp4Skipped is { } reason)
            {
                Console.Error.WriteLine($"ilgpunet: nerf video: {reason}");
            }

            files.Written.ToList().ForEach(Console.WriteLine);
            return 0;
        });
        return video;
    }

    private static Command MakeScene()
    {
        var output = new Option<string>("--out") { Description = "folder to write the scene into", DefaultValueFactory = _ => "runs/nerf-scene" };
        var size = new Option<int>("--size") { Description = "width and height of the views", DefaultValueFactory = _ => 200 };
        var train = new Option<int>("--train") { Description = "training views", DefaultValueFactory = _ => 100 };
        var val = new Option<int>("--val") { Description = "validation views", DefaultValueFactory = _ => 4 };
        var test = new Option<int>("--test") { Description = "test views", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the camera positions", DefaultValueFactory = _ => 0UL };
        var make = new Command("make-scene", "Render the project's own analytic scene (spheres, a box, a ground disk; exact ray casting) in the Blender format.");
        foreach (var option in new Option[] { output, size, train, val, test, seed })
        {
            make.Options.Add(option);
        }

        make.SetAction(result =>
        {
            NerfStudy.MakeScene(result.GetValue(output)!, result.GetValue(size), result.GetValue(train), result.GetValue(val), result.GetValue(test),
                result.GetValue(seed), Console.Out);
            Console.WriteLine(Path.GetFullPath(result.GetValue(output)!));
            return 0;
        });
        return make;
    }

    private static Command Train()
    {
        var scene = new Option<string>("--scene") { Description = "Blender-format scene folder (transforms_train.json, ...)", Required = true };
        var variant = new Option<string>("--variant") { Description = "nerf (paper, coarse + fine) or fast (hash grid + occupancy grid)", DefaultValueFactory = _ => "fast" };
        var output = new Option<string?>("--out") { Description = "run folder (default runs/nerf-VARIANT)" };
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its last checkpoint, with the options it was trained with" };
        var device = DeviceOption();
        var settings = new TrainOverrides();
        var train = new Command("train", "Train a radiance field; writes checkpoints, metrics.csv, model.safetensors, test scores and report.html.");
        foreach (var option in new Option[] { scene, variant, output, resume, device })
        {
            train.Options.Add(option);
        }

        settings.AddTo(train);
        train.SetAction(result =>
        {
            var kind = ParseVariant(result.GetValue(variant)!);
            string runFolder = result.GetValue(output) ?? $"runs/nerf-{kind.ToString().ToLowerInvariant()}";
            bool resuming = result.GetValue(resume);
            var options = settings.Apply(result, resuming ? NerfStudy.OptionsOf(runFolder) : NerfOptions.For(kind), resuming);
            if (resuming && options.Variant != kind && result.GetResult(variant) is { Implicit: false })
            {
                throw new ArgumentException($"--resume: {runFolder} trains the {options.Variant.ToString().ToLowerInvariant()} variant, not {kind.ToString().ToLowerInvariant()}");
            }

            var study = new NerfStudy(options, result.GetValue(scene)!, ParseDevice(result, device));
            string commandLine = "ilgpunet " + string.Join(' ', result.Tokens.Select(t => t.Value));
            // Ctrl-C or SIGTERM (CliHost turns them into RunInterruption): the step finishes, the checkpoint is written,
            // and the interruption's exit code and --resume line follow
            var summary = study.Train(runFolder, resuming, new SpectreProgress(), Console.Out, commandLine)
                ?? throw new RunInterruptedException(RunInterruption.Signal ?? "SIGINT");
            Console.WriteLine(Path.GetFullPath(runFolder));
            return 0;
        });
        return train;
    }

    private static Command Report()
    {
        var runs = new Option<string[]>("--runs") { Description = "training run folders (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "folder for report.html, results.md and their files", DefaultValueFactory = _ => "runs/nerf-report" };
        var report = new Command("report", "One report over several runs: test scores beside the papers', both variants' curves on one time axis, views, depth, videos.");
        report.Options.Add(runs);
        report.Options.Add(output);
        report.SetAction(result =>
        {
            string commandLine = "ilgpunet " + string.Join(' ', result.Tokens.Select(t => t.Value));
            Console.WriteLine(NerfStudy.Report(result.GetValue(runs)!, result.GetValue(output)!, commandLine));
            return 0;
        });
        return report;
    }

    private static NerfVariant ParseVariant(string text) => text.ToLowerInvariant() switch
    {
        "nerf" => NerfVariant.Nerf,
        "fast" => NerfVariant.Fast,
        _ => throw new ArgumentException($"--variant must be nerf or fast, got '{text}'"),
    };

    /// <summary>
    /// The training settings a command line may set. Each is optional: a new run starts from the variant's defaults, a
    /// resumed one from the options it was trained with, and a setting given with --resume must equal the run's
    /// (except --time-limit, which only says when to stop).
    /// </summary>
    private sealed class TrainOverrides
    {
        private readonly List<(Option Option, Func<ParseResult, NerfOptions, NerfOptions?> Apply)> settings = [];

        public TrainOverrides()
        {
            Add<int>("--downscale", "divide the views' width and height by this (lego 800x800: 4 gives 200x200)", (o, v) => o with { Downscale = v });
            Add<int>("--iterations", "training steps", (o, v) => o with { Iterations = v });
            Add<double>("--time-limit", "stop after this many minutes of training", (o, v) => o with { TimeLimitMinutes = v });
            Add<int>("--batch-rays", "rays per step (nerf 1024, fast 4096)", (o, v) => o with { BatchRays = v });
            Add<double>("--lr", "learning rate (nerf 5e-4, fast 1e-2)", (o, v) => o with { LearningRate = v });
            Add<double>("--lr-decay", "factor the learning rate reaches by the last iteration (exponential decay)", (o, v) => o with { LearningRateDecay = v });
            Add<ulong>("--seed", "random seed (initialisation, ray order, samples)", (o, v) => o with { Seed = v });
            Add<double>("--near", "near bound of the rays (2 for the synthetic scenes)", (o, v) => o with { Near = v });
            Add<double>("--far", "far bound of the rays (6)", (o, v) => o with { Far = v });
            Add<double>("--bound", "half-size of the cube that holds the scene (1.5)", (o, v) => o with { Bound = v });
            Add<bool>("--black-background", "composite on black instead of white", (o, v) => o with { WhiteBackground = !v });
            Add<int>("--holdout-test", "views held out as test when the scene has no transforms_test.json (10)", (o, v) => o with { Holdout = o.Holdout with { Test = v } });
            Add<int>("--holdout-val", "views held out as validation when it has no transforms_val.json (2)", (o, v) => o with { Holdout = o.Holdout with { Val = v } });
            Add<int>("--coarse-samples", "nerf: stratified samples per ray (64)", (o, v) => o with { CoarseSamples = v });
            Add<int>("--fine-samples", "nerf: inverse-CDF samples per ray (128; 0 = coarse network only)", (o, v) => o with { FineSamples = v });
            Add<double>("--raw-noise", "nerf: std of the noise added to raw densities while training (0)", (o, v) => o with { RawNoise = v });
            Add<int>("--precrop-iters", "nerf: steps that draw rays from the central crop only (500)", (o, v) => o with { PrecropIterations = v });
            Add<int>("--hash-levels", "fast: levels of the hash encoding (16)", (o, v) => o with { HashLevels = v });
            Add<int>("--hash-table-log2", "fast: log2 of the rows per level (15)", (o, v) => o with { HashTableLog2 = v });
            Add<int>("--hash-max-resolution", "fast: finest level's cells per axis (1024)", (o, v) => o with { HashMaxResolution = v });
            Add<int>("--grid-resolution", "fast: occupancy grid cells per axis (64)", (o, v) => o with { GridResolution = v });
            Add<int>("--march-steps", "fast: marching steps across the cube's diagonal (512)", (o, v) => o with { MarchSteps = v });
            Add<int>("--grid-warmup", "fast: steps that march every cell before the first grid update (0)", (o, v) => o with { GridWarmup = v });
            Add<int>("--validate-every", "steps between renders of the validation view", (o, v) => o with { ValidateEvery = v });
            Add<int>("--checkpoint-every", "steps between checkpoints", (o, v) => o with { CheckpointEvery = v });
        }

        public void AddTo(Command command) => settings.ForEach(s => command.Options.Add(s.Option));

        public NerfOptions Apply(ParseResult result, NerfOptions start, bool resuming)
        {
            var options = start;
            foreach (var (option, apply) in settings)
            {
                if (apply(result, options) is not { } changed)
                {
                    continue;
                }

                if (resuming && option.Name != "--time-limit" && changed != options)
                {
                    throw new ArgumentException($"--resume: the run was trained with other {option.Name} (leave it out to continue with the run's own)");
                }

                options = changed;
            }

            return options;
        }

        private void Add<T>(string name, string description, Func<NerfOptions, T, NerfOptions> apply)
            where T : struct
        {
            var option = new Option<T?>(name) { Description = description };
            settings.Add((option, (result, options) => result.GetValue(option) is { } value ? apply(options, value) : null));
        }
    }
}
