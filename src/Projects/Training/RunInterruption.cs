namespace IlgpuNet.Training;

/// <summary>
/// A request to stop a run early (Ctrl-C or SIGTERM, which the CLI turns into <see cref="Request"/>). Long loops check
/// it between steps (every <see cref="Progress"/> step does): the step under way finishes, the epoch it belongs to is
/// abandoned without writing anything, and <see cref="RunInterruptedException"/> carries the stop up to the caller,
/// so the run folder holds exactly what the last finished epoch wrote and <c>--resume</c> continues from there.
/// </summary>
public static class RunInterruption
{
    private static volatile string? signal;

    /// <summary>The signal that asked for the stop (SIGINT, SIGTERM), or null while none has.</summary>
    public static string? Signal => signal;

    public static void Request(string signalName) => signal ??= signalName;

    /// <summary>Forgets a request (a new run in the same process starts clean).</summary>
    public static void Reset() => signal = null;

    /// <exception cref="RunInterruptedException">A stop was requested.</exception>
    public static void ThrowIfRequested()
    {
        if (signal is { } name)
        {
            throw new RunInterruptedException(name);
        }
    }
}
