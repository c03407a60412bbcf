using IlgpuNet.Kernels.Cpu;
using Xunit;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>The parallel loop every CPU kernel uses: each index once, errors unwrapped, safe from many threads.</summary>
public class CpuParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100_003)]
    public void EveryIndexRunsExactlyOnce(int count)
    {
        var visits = new int[count];
        for (int round = 0; round < 50; round++)
        {
            CpuParallel.For(count, 1_000_000, (start, end) =>
            {
                for (long i = start; i < end; i++)
                {
                    Interlocked.Increment(ref visits[i]);
                }
            });
        }

        Assert.All(visits, v => Assert.Equal(50, v));
    }

    [Fact]
    public void ChunksAreContiguousAndDisjoint()
    {
        var ranges = new System.Collections.Concurrent.ConcurrentBag<(long Start, long End)>();
        CpuParallel.For(1_000, 1_000, (start, end) => ranges.Add((start, end)));

        var sorted = ranges.OrderBy(r => r.Start).ToArray();
        Assert.Equal(Math.Min(CpuParallel.Workers, 1_000), sorted.Length);
        Assert.Equal(0, sorted[0].Start);
        Assert.Equal(1_000, sorted[^1].End);
        for (int i = 1; i < sorted.Length; i++)
        {
            Assert.Equal(sorted[i - 1].End, sorted[i].Start);
        }
    }

    [Fact]
    public void AnErrorInAChunkReachesTheCallerUnwrappedAndTheNextLoopStillRuns()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            CpuParallel.For(1_000, 1_000, (start, _) =>
            {
                if (start == 0)
                {
                    throw new InvalidOperationException("chunk 0 failed");
                }
            }));
        Assert.Equal("chunk 0 failed", error.Message);

        long sum = 0;
        CpuParallel.For(1_000, 1_000, (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                Interlocked.Add(ref sum, i);
            }
        });
        Assert.Equal(999L * 1_000 / 2, sum);
    }

    [Fact]
    public void LoopsStartedFromManyThreadsAtOnceAllComplete()
    {
        // Only one caller holds the worker team at a time; the others take the thread-pool path.
        var totals = new long[8];
        Parallel.For(0, totals.Length, new ParallelOptions { MaxDegreeOfParallelism = totals.Length }, caller =>
        {
            for (int round = 0; round < 200; round++)
            {
                CpuParallel.For(4_096, 100, (start, end) =>
                {
                    long local = 0;
                    for (long i = start; i < end; i++)
                    {
                        local += i;
                    }

                    Interlocked.Add(ref totals[caller], local);
                });
            }
        });

        Assert.All(totals, t => Assert.Equal(200L * 4_095 * 4_096 / 2, t));
    }

    [Fact]
    public void ALoopInsideAChunkRunsSeriallyOnThatThread()
    {
        var nestedThreads = new System.Collections.Concurrent.ConcurrentBag<(int Outer, int Inner)>();
        CpuParallel.For(CpuParallel.Workers, 1_000_000, (_, _) =>
        {
            int outer = Environment.CurrentManagedThreadId;
            Assert.True(CpuParallel.IsInsideWorker);
            CpuParallel.For(64, 1_000_000, (_, _) => nestedThreads.Add((outer, Environment.CurrentManagedThreadId)));
        });

        Assert.NotEmpty(nestedThreads);
        Assert.All(nestedThreads, t => Assert.Equal(t.Outer, t.Inner));
        Assert.False(CpuParallel.IsInsideWorker);
    }
}
