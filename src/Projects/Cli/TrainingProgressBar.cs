using System.Diagnostics;
using System.Globalization;
using IlgpuNet.Nerf.Training;
using Spectre.Console;

namespace IlgpuNet.Cli;

/// <summary>
/// Shows a step-counting run's progress: a Spectre.Console bar with rays/s and PSNR in a terminal, else one line every
/// 30 seconds (logs of background runs).
/// </summary>
public static class TrainingProgressBar
{
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            var clock = Stopwatch.StartNew();
            var lastLine = TimeSpan.Zero;
            return work(new Reporter(p =>
            {
                if (clock.Elapsed - lastLine >= TimeSpan.FromSeconds(30) || p.Step == p.Iterations)
                {
                    lastLine = clock.Elapsed;
                    Console.WriteLine($"{title}: {Status(p)}");
                }
            }));
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title);
                result = work(new Reporter(p =>
                {
                    task.MaxValue = p.Iterations;
                    task.Value = p.Step;
                    task.Description = $"{title} {Status(p)}";
                }));
            });
        return result;
    }

    private static string Status(TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.Iterations}, {p.RaysPerSecond:N0} rays/s, PSNR {p.Psnr:F2} dB, {p.Seconds / 60:F1} min{(p.TimeLimitSeconds is { } limit ? $" of {limit / 60:F0}" : "")}");

    // Reports synchronously on the training thread (System.Progress would post to the thread pool).
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
