using Spectre.Console;

namespace IlgpuNet.Cli.Experiments;

/// <summary>A progress bar for long loops (Spectre.Console); without a terminal it prints a line every 10%.</summary>
public static class Progress
{
    /// <param name="body">Receives step(status): call it once per finished item.</param>
    public static void Run(string title, int total, Action<Action<string>> body)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            int done = 0, nextReport = Math.Max(1, total / 10);
            body(status =>
            {
                if (++done % nextReport == 0 || done == total)
                {
                    Console.WriteLine($"{title}: {done}/{total} {status}");
                }
            });
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
