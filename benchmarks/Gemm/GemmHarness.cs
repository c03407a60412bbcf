using System.Diagnostics;
using IlgpuNet.Benchmarks.Blas;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>
/// `benchmarks gemm`: our Sgemm/Dgemm against OpenBLAS cblas_*gemm in one process, same inputs, same thread count.
/// Each cell: warm-up, then the median of several timed repetitions (batches of ~50 ms, alternating ours and theirs).
/// OpenBLAS reads its environment once when it loads, so the command runs itself again in a child whose environment
/// lets OpenBLAS pick its own kernels (<see cref="OpenBlasEnvironment"/>).
/// </summary>
public static class GemmHarness
{
    public static int Run(string[] args)
    {
        if (!OpenBlasEnvironment.IsPrepared)
        {
            return OpenBlasEnvironment.RunPrepared(["gemm", .. args]);
        }

        int workers = CpuParallel.Workers;
        bool blas = OpenBlas.IsAvailable;
        Console.WriteLine($"GEMM, CPU: {CpuInfo.Name}, {workers} worker thread(s), Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        if (blas)
        {
            OpenBlas.SetNumThreads(workers);
            Console.WriteLine($"OpenBLAS in this process: core {OpenBlas.CoreName}, {workers} thread(s) ({OpenBlas.Config})");
        }
        else
        {
            Console.WriteLine($"OpenBLAS not found ({OpenBlas.Library}): printing ours only.");
        }

        var only = args.Length > 0 ? args[0] : null;
        Console.WriteLine();
        Console.WriteLine("| shape | M | N | K | ours GFLOP/s | OpenBLAS GFLOP/s | ours / OpenBLAS |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var shape in GemmShape.Square.Concat(GemmShape.Model))
        {
            if (only is null || shape.Name.Contains(only, StringComparison.Ordinal))
            {
                Row("sgemm " + shape.Name, shape, MeasureSingle(shape, blas));
            }
        }

        foreach (var shape in GemmShape.Square)
        {
            if (only is null || shape.Name.Contains(only, StringComparison.Ordinal))
            {
                Row("dgemm " + shape.Name, shape, MeasureDouble(shape, blas));
            }
        }

        return 0;
    }

    private static void Row(string name, GemmShape s, (double Ours, double Theirs) gflops)
    {
        var (ours, theirs) = gflops;
        string blas = double.IsNaN(theirs) ? "-" : $"{theirs:F1}";
        string ratio = double.IsNaN(theirs) ? "-" : $"{ours / theirs:P0}";
        Console.WriteLine($"| {name} | {s.M} | {s.N} | {s.K} | {ours:F1} | {blas} | {ratio} |");
    }

    private static (double Ours, double Theirs) MeasureSingle(GemmShape s, bool blas)
    {
        var (a, b, c) = (Random<float>(s.M * s.K, 1), Random<float>(s.K * s.N, 2), new float[s.M * s.N]);
        return Compare(s, blas,
            () => IlgpuNet.Kernels.Cpu.Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.Lda, b, s.Ldb, 0f, c, s.N),
            () => OpenBlas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.Lda, b, s.Ldb, 0f, c, s.N));
    }

    private static (double Ours, double Theirs) MeasureDouble(GemmShape s, bool blas)
    {
        var (a, b, c) = (Random<double>(s.M * s.K, 1), Random<double>(s.K * s.N, 2), new double[s.M * s.N]);
        return Compare(s, blas,
            () => IlgpuNet.Kernels.Cpu.Gemm.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1.0, a, s.Lda, b, s.Ldb, 0.0, c, s.N),
            () => OpenBlas.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1.0, a, s.Lda, b, s.Ldb, 0.0, c, s.N));
    }

    /// <summary>
    /// GFLOP/s of both sides from the median of <paramref name="repetitions"/> timed batches after warm-up (which
    /// also lets tiered JIT reach tier 1). Batches alternate ours / theirs, so load from other processes on the
    /// machine hits both sides alike and the ratio stays meaningful.
    /// </summary>
    private static (double Ours, double Theirs) Compare(GemmShape s, bool blas, Action ours, Action theirs, int repetitions = 9)
    {
        int innerOurs = Warm(ours), innerTheirs = blas ? Warm(theirs) : 0;
        var oursTimes = new double[repetitions];
        var theirTimes = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            oursTimes[r] = Time(ours, innerOurs);
            theirTimes[r] = blas ? Time(theirs, innerTheirs) : double.NaN;
        }

        return (s.Flops / Median(oursTimes) / 1e9, blas ? s.Flops / Median(theirTimes) / 1e9 : double.NaN);
    }

    /// <summary>Runs <paramref name="call"/> for ~300 ms; returns how many calls make a ~50 ms timed batch.</summary>
    private static int Warm(Action call)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalMilliseconds < 300 || calls < 3)
        {
            call();
            calls++;
        }

        return Math.Max(1, (int)(0.05 / (clock.Elapsed.TotalSeconds / calls)));
    }

    private static double Time(Action call, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    public static T[] Random<T>(int length, int seed)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var data = new T[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        }

        return data;
    }
}
