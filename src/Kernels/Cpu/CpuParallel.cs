using System.Runtime.ExceptionServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// The CPU backend's one way to go parallel: a fixed number of workers (ILGPUNET_THREADS, default all cores),
/// and small jobs stay on the calling thread so that thread hand-off never costs more than the work.
/// A parallel loop started inside a worker runs serially on it (as OpenMP does without nested parallelism), so an
/// outer loop over images can call kernels that are themselves parallel without oversubscribing the cores.
/// The workers are a <see cref="WorkerTeam"/> that stays awake between kernels; an error in any chunk reaches the
/// caller as itself, not wrapped. Every share of a parallel loop runs with subnormals flushed to zero (<see cref="Denormals"/>).
/// </summary>
public static class CpuParallel
{
    /// <summary>Below this many scalar operations a job runs on one thread.</summary>
    public const long SerialThreshold = 32_768;

    public static int Workers { get; set; } = ReadWorkerCount();

    [ThreadStatic]
    private static bool insideWorker;

    /// <summary>True on a thread that is running a share of a parallel loop: loops started here run serially.</summary>
    public static bool IsInsideWorker => insideWorker;

    private static int ReadWorkerCount() => EngineEnvironment.Threads ?? Environment.ProcessorCount;

    /// <summary>
    /// Splits [0, count) into at most <see cref="Workers"/> contiguous ranges and runs <paramref name="body"/>(start, end)
    /// on each; runs serially when <paramref name="costPerItem"/> * count is small.
    /// </summary>
    public static void For(long count, long costPerItem, Action<long, long> body)
    {
        if (count <= 0)
        {
            return;
        }

        int chunks = (int)Math.Min(Workers, count);
        if (chunks <= 1 || insideWorker || count * Math.Max(1, costPerItem) < SerialThreshold)
        {
            // With one worker no loop nested in this one starts a thread, so this share can flush too (Denormals).
            using var flushing = Workers == 1 && !insideWorker ? Denormals.Enter() : default;
            body(0, count);
            return;
        }

        void RunChunk(int chunk)
        {
            long start = count * chunk / chunks;
            long end = count * (chunk + 1) / chunks;
            bool outer = insideWorker;
            insideWorker = true;
            try
            {
                using var flushing = Denormals.Enter();
                body(start, end);
            }
            finally
            {
                insideWorker = outer;
            }
        }

        // Another thread's loop holds the team (tests, data loading): share the thread pool instead.
        if (!Team().TryRun(chunks, RunChunk))
        {
            try
            {
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Workers }, RunChunk);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // The kernel's own error, as the team path throws it.
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }
    }

    private static readonly object TeamLock = new();
    private static WorkerTeam? team;

    private static WorkerTeam Team()
    {
        var current = Volatile.Read(ref team);
        if (current is not null && current.Helpers == Workers - 1)
        {
            return current;
        }

        lock (TeamLock)
        {
            // First use, or Workers changed: a new team (an old one's threads stay parked, costing nothing).
            if (team is null || team.Helpers != Workers - 1)
            {
                Volatile.Write(ref team, new WorkerTeam(Workers - 1));
            }

            return team!;
        }
    }
}
