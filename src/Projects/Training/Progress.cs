namespace IlgpuNet.Training;

/// <summary>
/// Where the studies' long loops (training epochs) report progress. Plain console lines by default, so a library
/// user needs nothing; a front end sets <see cref="Display"/> once at start-up (the CLI puts up a terminal bar).
/// Every step reported is also where a stop request (<see cref="RunInterruption"/>, Ctrl-C) takes effect.
/// </summary>
public static class Progress
{
    public static IProgressDisplay Display { get; set; } = new TextProgress();

    /// <param name="body">Receives step(status): call it once per finished item.</param>
    public static void Run(string title, int total, Action<Action<string>> body)
    {
        RunInterruption.ThrowIfRequested();
        Display.Run(title, total, step => body(status =>
        {
            step(status);
            RunInterruption.ThrowIfRequested();
        }));
    }
}
