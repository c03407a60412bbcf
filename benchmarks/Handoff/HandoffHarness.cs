using System.Diagnostics;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Handoff;

/// <summary>
/// `benchmarks handoff`: does a two-chunk parallel loop really run on two threads? Each chunk spins for a fixed
/// time, as a kernel of that length would; the table counts the loops whose chunks all ran on one thread and the
/// mean wall time, for .NET's Parallel.For and for <see cref="CpuParallel.For"/> (the CPU backend's worker team).
/// A loop started just after the previous one ends, as a training step's kernels do.
/// </summary>
public static class HandoffHarness
{
    public static int Run(string[] args)
    {
        int chunks = Math.Max(2, CpuParallel.Workers);
        Console.WriteLine($"{chunks} chunks a loop, each spinning for the time given");
        Console.WriteLine();
        Console.WriteLine("| chunk µs | loops | Parallel.For: one thread | mean µs | CpuParallel.For: one thread | mean µs |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (double micros in new[] { 50.0, 200, 1000, 5000 })
        {
            int loops = micros < 1000 ? 2000 : 200;
            var pool = Measure(loops, micros, chunks, body =>
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, body));
            var team = Measure(loops, micros, chunks, body =>
                CpuParallel.For(chunks, long.MaxValue / chunks, (start, end) =>
                {
                    for (long c = start; c < end; c++)
                    {
                        body((int)c);
                    }
                }));
            Console.WriteLine($"| {micros:F0} | {loops} | {pool.OneThread} | {pool.MeanMicros:F0} | {team.OneThread} | {team.MeanMicros:F0} |");
        }

        return 0;
    }

    private static (int OneThread, double MeanMicros) Measure(int loops, double micros, int chunks, Action<Action<int>> loop)
    {
        int oneThread = 0;
        double total = 0;
        var threads = new int[chunks];
        for (int i = 0; i < loops; i++)
        {
            var clock = Stopwatch.StartNew();
            loop(chunk =>
            {
                var spin = Stopwatch.StartNew();
                while (spin.Elapsed.TotalMicroseconds < micros)
                {
                }

                threads[chunk] = Environment.CurrentManagedThreadId;
            });
            total += clock.Elapsed.TotalMicroseconds;
            oneThread += threads.Distinct().Count() == 1 ? 1 : 0;
        }

        return (oneThread, total / loops);
    }
}
