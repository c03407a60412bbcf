using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// A fixed team of worker threads that stay awake (spinning) for a short while after each parallel loop, as OpenMP's
/// threads do, so the next kernel's chunks start at once. The thread pool parks idle workers, and waking one can
/// take longer than a whole kernel (on a 2-vCPU virtual machine, at times: `benchmarks handoff`): Parallel.For then
/// runs every chunk on the calling thread. Chunks are claimed dynamically, so a worker that is still asleep never holds the
/// caller up: the caller simply takes its chunks too.
/// </summary>
internal sealed class WorkerTeam
{
    /// <summary>How long an idle worker spins before it blocks: longer than the gap between two kernels of a step.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

    private readonly object gate = new();
    private Job? current;
    private long generation;
    private int sleepers;
    private int busy;

    public WorkerTeam(int helpers)
    {
        Helpers = helpers;
        for (int i = 0; i < helpers; i++)
        {
            new Thread(WorkerLoop) { IsBackground = true, Name = $"IlgpuNet CPU worker {i + 1}" }.Start();
        }
    }

    /// <summary>Threads besides the caller.</summary>
    public int Helpers { get; }

    /// <summary>
    /// Runs body(chunk) for chunk in [0, chunks) on the caller and the team; false (nothing run) when the team is
    /// already serving another caller, who then falls back to the thread pool.
    /// </summary>
    public bool TryRun(int chunks, Action<int> body)
    {
        if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            var job = new Job(chunks, body);
            Volatile.Write(ref current, job);
            Interlocked.Increment(ref generation);
            if (Volatile.Read(ref sleepers) > 0)
            {
                lock (gate)
                {
                    Monitor.PulseAll(gate);
                }
            }

            job.RunChunks();
            job.WaitUntilDone();
            job.Failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref current, null);
            Volatile.Write(ref busy, 0);
        }
    }

    private void WorkerLoop()
    {
        Denormals.KeepOnThisThread(); // a new thread inherits its creator's mode, which may be a kernel's
        long seen = 0;
        while (true)
        {
            seen = WaitForNewGeneration(seen);
            Volatile.Read(ref current)?.RunChunks();
        }
    }

    private long WaitForNewGeneration(long seen)
    {
        long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = new SpinWait();
        while (Interlocked.Read(ref generation) == seen)
        {
            if (Stopwatch.GetTimestamp() < spinUntil)
            {
                // Pauses, then yields to any other runnable thread, but never sleeps: waking stays instant.
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            lock (gate)
            {
                Interlocked.Increment(ref sleepers);
                while (Interlocked.Read(ref generation) == seen)
                {
                    Monitor.Wait(gate);
                }

                Interlocked.Decrement(ref sleepers);
            }
        }

        return Interlocked.Read(ref generation);
    }

    /// <summary>One parallel loop: chunks are claimed with an atomic counter; the caller waits for all to finish.</summary>
    private sealed class Job(int chunks, Action<int> body)
    {
        private readonly int count = chunks;
        private int next = -1;
        private int unfinished = chunks;

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void RunChunks()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    body(chunk);
                }
                catch (Exception e)
                {
                    Failure ??= ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    Interlocked.Decrement(ref unfinished);
                }
            }
        }

        public void WaitUntilDone()
        {
            // Only chunks a worker has already claimed are left: they are running, so spin rather than sleep.
            var spinner = new SpinWait();
            while (Volatile.Read(ref unfinished) > 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
