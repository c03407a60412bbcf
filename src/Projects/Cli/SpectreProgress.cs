using IlgpuNet.Training;
using Spectre.Console;

namespace IlgpuNet.Cli;

/// <summary>A Spectre.Console progress bar in a terminal; without one, the plain lines of <see cref="TextProgress"/>.</summary>
public sealed class SpectreProgress : IProgressDisplay
{
    private readonly TextProgress lines = new();

    public void Run(string title, int total, Action<Action<string>> body)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            lines.Run(title, total, body);
            return;
        }

        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: total);
                body(status =>
                {
                    task.Description = $"{title} {status}";
                    task.Increment(1);
                });
            });
    }
}
