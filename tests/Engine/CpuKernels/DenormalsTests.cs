using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using Xunit;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// The CPU kernels flush subnormals to zero (flush-to-zero and denormals-are-zero) by default, keep them when asked,
/// and leave the calling thread's floating-point mode as it was.
/// </summary>
[Collection(DenormalsCollection.Name)]
public class DenormalsTests
{
    private const float Tiny = 1e-20f;          // Tiny * Tiny = 1e-40: subnormal
    private const float Subnormal = 1e-39f;     // a subnormal input; × 1000 it is the normal 1e-36

    [Fact]
    public void FlushBits_CanBeSetHere()
    {
        Assert.Equal(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            == System.Runtime.InteropServices.Architecture.X64, Denormals.Supported);
        Assert.True(float.IsSubnormal(Subnormal));
    }

    [Theory]
    [InlineData(4, 1)]          // one worker: the whole loop on the calling thread
    [InlineData(100_003, 0)]    // a share on every worker
    public void Kernels_FlushSubnormalResultsAndInputs_ByDefault_AndKeepThem_WhenAsked(int count, int workers)
    {
        if (!Denormals.Supported)
        {
            return;
        }

        int allWorkers = CpuParallel.Workers;
        CpuParallel.Workers = workers > 0 ? workers : allWorkers;
        try
        {
            FlushesThenKeeps(count);
        }
        finally
        {
            CpuParallel.Workers = allWorkers;
        }
    }

    private static void FlushesThenKeeps(int count)
    {

        float[] tiny = Filled(count, Tiny), subnormal = Filled(count, Subnormal);
        var (squares, scaled) = (new float[count], new float[count]);
        void Kernel() => CpuParallel.For(count, 1_000, (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                squares[i] = tiny[i] * tiny[i];
                scaled[i] = subnormal[i] * 1000f;
            }
        });

        Kernel();
        Assert.All(squares, v => Assert.Equal(0f, v));      // flush to zero: the subnormal result is written as 0
        Assert.All(scaled, v => Assert.Equal(0f, v));       // denormals are zero: the subnormal input reads as 0

        Denormals.Flush = false;
        try
        {
            Kernel();
        }
        finally
        {
            Denormals.Flush = true;
        }

        Assert.All(squares, v => Assert.True(float.IsSubnormal(v)));
        Assert.All(scaled, v => Assert.Equal(Subnormal * 1000f, v, 1e-42f));
    }

    [Fact]
    public void WorkersStartedFromAFlushingThread_ClearTheBitsTheyInherit()
    {
        if (!Denormals.Supported)
        {
            return;
        }

        // A new thread inherits its creator's floating-point mode: start a team from inside a flushing scope and run
        // a job straight on it (no scope of its own), so only the workers' own start-up can clear the bits.
        int caller = Environment.CurrentManagedThreadId;
        float[] tiny = Filled(3, Tiny), squares = new float[3];
        bool[] onWorker = new bool[3];
        WorkerTeam team;
        using (Denormals.Enter())
        {
            team = new WorkerTeam(2);
        }

        Assert.True(team.TryRun(3, chunk =>
        {
            squares[chunk] = tiny[chunk] * tiny[chunk];
            onWorker[chunk] = Environment.CurrentManagedThreadId != caller;
            if (!onWorker[chunk])
            {
                SpinWait.SpinUntil(() => Volatile.Read(ref onWorker[0]) || Volatile.Read(ref onWorker[1]) || Volatile.Read(ref onWorker[2]),
                    TimeSpan.FromSeconds(5)); // leave the other chunks to the workers
            }
        }));

        Assert.Contains(true, onWorker);
        Assert.All(Enumerable.Range(0, 3).Where(i => onWorker[i]), i => Assert.True(float.IsSubnormal(squares[i])));
    }

    [Fact]
    public void TheCallingThread_KeepsSubnormals_AfterAKernelFlushedThem()
    {
        if (!Denormals.Supported)
        {
            return;
        }

        var tiny = Tensor.FromArray(Filled(128 * 128, Tiny), 128, 128);
        Assert.All(tiny.Matmul(tiny).ToArray<float>(), v => Assert.Equal(0f, v));  // the GEMM ran with flushing on (else 1.28e-38)

        float[] operand = [Tiny];
        Assert.True(float.IsSubnormal(operand[0] * operand[0]));  // this thread's own arithmetic: IEEE again
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DenormalsCollection
{
    public const string Name = "denormal flushing";
}
