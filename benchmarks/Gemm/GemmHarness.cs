using System.Diagnostics;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>
/// `benchmarks gemm`: our Sgemm/Dgemm against OpenBLAS cblas_*gemm in one process, same inputs, same thread count.
/// Each cell: warm-up, then the median of several timed repetitions (each repetition sized to ~>= 50 ms).
/// </summary>
public static class GemmHarness
{
    public static int Run(string[] args)
    {
        int workers = CpuParallel.Workers;
        bool blas = OpenBlas.IsAvailable;
        Console.WriteLine($"GEMM, {workers} worker thread(s), Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        if (blas)
        {
            OpenBlas.SetNumThreads(workers);
        }
        else
        {
            Console.WriteLine("OpenBLAS not found (/usr/lib/x86_64-linux-gnu/libopenblas.so.0): printing ours only.");
        }

        var only = args.Length > 0 ? args[0] : null;
        Console.WriteLine();
        Console.WriteLine("| shape | M | N | K | ours GFLOP/s | OpenBLAS GFLOP/s | ours / OpenBLAS |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var shape in GemmShape.Square.Concat(GemmShape.Model))
        {
            if (only is null || shape.Name.Contains(only, StringComparison.Ordinal))
            {
                Row("sgemm " + shape.Name, shape, MeasureSingle(shape, ours: true), blas ? MeasureSingle(shape, ours: false) : double.NaN);
            }
        }

        foreach (var shape in GemmShape.Square)
        {
            if (only is null || shape.Name.Contains(only, StringComparison.Ordinal))
            {
                Row("dgemm " + shape.Name, shape, MeasureDouble(shape, ours: true), blas ? MeasureDouble(shape, ours: false) : double.NaN);
            }
        }

        return 0;
    }

    private static void Row(string name, GemmShape s, double ours, double theirs)
    {
        string blas = double.IsNaN(theirs) ? "-" : $"{theirs:F1}";
        string ratio = double.IsNaN(theirs) ? "-" : $"{ours / theirs:P0}";
        Console.WriteLine($"| {name} | {s.M} | {s.N} | {s.K} | {ours:F1} | {blas} | {ratio} |");
    }

    private static double MeasureSingle(GemmShape s, bool ours)
    {
        var (a, b, c) = (Random<float>(s.M * s.K, 1), Random<float>(s.K * s.N, 2), new float[s.M * s.N]);
        Action call = ours
            ? () => IlgpuNet.Kernels.Cpu.Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.Lda, b, s.Ldb, 0f, c, s.N)
            : () => OpenBlas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.Lda, b, s.Ldb, 0f, c, s.N);
        return s.Flops / MedianSeconds(call) / 1e9;
    }

    private static double MeasureDouble(GemmShape s, bool ours)
    {
        var (a, b, c) = (Random<double>(s.M * s.K, 1), Random<double>(s.K * s.N, 2), new double[s.M * s.N]);
        Action call = ours
            ? () => IlgpuNet.Kernels.Cpu.Gemm.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1.0, a, s.Lda, b, s.Ldb, 0.0, c, s.N)
            : () => OpenBlas.Dgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1.0, a, s.Lda, b, s.Ldb, 0.0, c, s.N);
        return s.Flops / MedianSeconds(call) / 1e9;
    }

    /// <summary>Median seconds per call over 7 repetitions after warm-up (which also lets tiered JIT reach tier 1).</summary>
    public static double MedianSeconds(Action call, int repetitions = 7)
    {
        var clock = Stopwatch.StartNew();
        int warm = 0;
        while (clock.Elapsed.TotalMilliseconds < 300 || warm < 3)
        {
            call();
            warm++;
        }

        double perCall = clock.Elapsed.TotalSeconds / warm;
        int inner = Math.Max(1, (int)(0.05 / perCall));
        var times = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / inner;
        }

        Array.Sort(times);
        return times[repetitions / 2];
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
