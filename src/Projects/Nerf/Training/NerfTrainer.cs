using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Nerf.Training;

/// <summary>
/// The training loop: batches of rays from all training views, MSE on the composited colour (plus the coarse colour's
/// MSE for the paper's model), Adam with exponential learning-rate decay, a held-out view rendered every
/// ValidateEvery steps, the checkpoint written every CheckpointEvery steps (temporary file, then rename). The clock
/// counts training only (steps and grid updates, not validation renders), across resumed sittings.
/// </summary>
internal sealed class NerfTrainer(NerfOptions options, RadianceModel model, SceneViews train, SceneViews validation, SceneInfo scene, RunFolder run)
{
    public static readonly string[] Columns = ["step", "train_seconds", "cpu_seconds", "loss", "train_psnr", "val_psnr", "lr", "samples_per_ray"];
    private const int LogEvery = 10;

    public string CheckpointPath => run.CheckpointPath("last.safetensors");

    public Optimizer CreateOptimizer() => NerfOptimizer.Create(options, model);

    /// <returns>Training seconds in total when the loop stopped, and the step it reached.</returns>
    /// <param name="stop">Checked after each step, as is <see cref="RunInterruption"/> (Ctrl-C, SIGTERM): when either
    /// is set, the loop writes its checkpoint and returns early.</param>
    public (double Seconds, int Step) Run(Optimizer optimizer, int startStep, double startSeconds, bool resume, IProgressDisplay progress,
        CancellationToken stop)
    {
        var metrics = run.OpenMetrics(Columns, resume, keepThroughEpoch: startStep, keyColumn: "step");
        var pool = new RayPool(train, options.Seed, options.PrecropIterations, options.PrecropFraction);
        var rays = new RayBatch(options.BatchRays);
        var targets = new float[3 * options.BatchRays];
        var process = Process.GetCurrentProcess();
        double seconds = startSeconds, cpuSeconds = metrics.Rows.Count > 0 ? metrics.Rows[^1][2] : 0;
        double lossSum = 0, mseSum = 0, samples = 0;
        int logged = 0, step = startStep;
        double? limit = options.TimeLimitMinutes * 60;
        var clock = new Stopwatch();
        string title = $"nerf {options.Variant.ToString().ToLowerInvariant()} steps {startStep + 1}-{options.Iterations}";
        progress.Run(title, options.Iterations - startStep, done =>
        {
            for (; step < options.Iterations && !(seconds >= limit); step++)
            {
                clock.Restart();
                double cpuAtStart = CpuSeconds(process);
                double lr = options.LearningRate * Math.Pow(options.LearningRateDecay, (double)step / options.Iterations);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.Lr = lr;
                }

                model.BeforeStep(step);
                pool.Fill(step, options.BatchRays, rays, targets);
                var target = Tensor.FromArray(targets, options.BatchRays, 3).To(model.Device);
                var rendered = model.Render(rays, training: true, StepKey(step));
                var mse = Functional.MseLoss(rendered.Color, target);
                var loss = rendered.CoarseColor is { } coarse ? mse.Add(Functional.MseLoss(coarse, target)) : mse;
                optimizer.ZeroGrad();
                if (loss.RequiresGrad)
                {
                    loss.Backward();
                    optimizer.Step();
                }

                double mseValue = mse.Item();
                double stepSeconds = clock.Elapsed.TotalSeconds;
                seconds += stepSeconds;
                cpuSeconds += CpuSeconds(process) - cpuAtStart;
                lossSum += loss.Item();
                mseSum += mseValue;
                samples += rendered.Samples / (double)options.BatchRays;
                logged++;
                done(string.Create(CultureInfo.InvariantCulture,
                    $"{options.BatchRays / Math.Max(stepSeconds, 1e-9):N0} rays/s, PSNR {Psnr(mseValue):F2} dB, {seconds / 60:F1} min{(limit is { } l ? $" of {l / 60:F0}" : "")}"));

                bool stopping = StopRequested(stop);
                bool last = step + 1 == options.Iterations || seconds >= limit || stopping;
                bool validate = (step + 1) % options.ValidateEvery == 0 || (last && !stopping);
                if ((step + 1) % LogEvery == 0 || validate)
                {
                    metrics.Append(new Dictionary<string, double>
                    {
                        ["step"] = step + 1,
                        ["train_seconds"] = seconds,
                        ["cpu_seconds"] = cpuSeconds,
                        ["loss"] = lossSum / logged,
                        ["train_psnr"] = Psnr(mseSum / logged),
                        ["val_psnr"] = validate ? ValidationPsnr() : double.NaN,
                        ["lr"] = lr,
                        ["samples_per_ray"] = samples / logged,
                    });
                    lossSum = mseSum = samples = 0;
                    logged = 0;
                }

                if ((step + 1) % options.CheckpointEvery == 0 || last)
                {
                    NerfCheckpoint.Save(CheckpointPath, model, optimizer, scene, step + 1, seconds);
                }

                if (stopping)
                {
                    step++;
                    return;
                }
            }
        });

        return (seconds, step);
    }

    /// <summary>A stop asked for by the caller's token or by a signal the front end turned into <see cref="RunInterruption"/>.</summary>
    public static bool StopRequested(CancellationToken stop) => stop.IsCancellationRequested || RunInterruption.Signal != null;

    // This process's CPU time: on a shared machine it says how much of the wall-clock the run actually computed.
    private static double CpuSeconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    public static double Psnr(double mse) => -10 * Math.Log10(Math.Max(mse, 1e-12));

    // Random draws of step s depend on (seed, s) only: a resumed run repeats them.
    private ulong StepKey(int step) => (options.Seed * 0x9E3779B97F4A7C15UL) + ((ulong)(step + 1) * 0xBF58476D1CE4E5B9UL);

    private double ValidationPsnr()
    {
        var view = ViewRenderer.Render(model, validation.Camera, validation.Poses[0]);
        return SplitEvaluation.Score(validation.Names[0], view.Color, validation.Images[0]).Psnr;
    }
}
