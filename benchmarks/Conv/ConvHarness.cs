using System.Diagnostics;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Conv;

/// <summary>
/// `benchmarks conv [filter]`: conv2d forward, input gradient and weight gradient at the seed models' shapes (and
/// FSRCNN's on a whole picture) on the CPU backend, ms and GFLOP/s per pass (median of timed batches of about 100 ms
/// after a warm-up).
/// </summary>
public static class ConvHarness
{
    public static int Run(string[] args)
    {
        string? only = args.Length > 0 ? args[0] : null;
        Console.WriteLine($"conv2d, float32, {CpuParallel.Workers} worker thread(s)");
        Console.WriteLine();
        Console.WriteLine("| layer | N,C,H → K | forward ms | GFLOP/s | dx ms | GFLOP/s | dw ms | GFLOP/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var shape in ConvShape.SeedModels.Concat(ConvShape.Upscale).Concat(ConvShape.OneImage).Where(s => only is null || s.Name.Contains(only, StringComparison.Ordinal)))
        {
            var g = shape.Geometry;
            var random = new Random(1);
            float[] x = Fill(g.InputLength, random), w = Fill(g.WeightLength, random), dy = Fill(g.OutputLength, random);
            float[] y = new float[g.OutputLength], dx = new float[g.InputLength], dw = new float[g.WeightLength];
            double forward = MedianMs(() => Conv2dKernels.Forward<float>(g, x, w, default, y));
            double backwardInput = MedianMs(() => Conv2dKernels.BackwardInput<float>(g, dy, w, dx));
            double backwardWeight = MedianMs(() => Conv2dKernels.BackwardWeight<float>(g, x, dy, dw));
            double gf = shape.Flops / 1e6;
            Console.WriteLine($"| {shape.Name} | {g.N},{g.InChannels},{g.InH} → {g.OutChannels} | {forward:F2} | {gf / forward:F0} | {backwardInput:F2} | {gf / backwardInput:F0} | {backwardWeight:F2} | {gf / backwardWeight:F0} |");
        }

        return 0;
    }

    private static float[] Fill(long length, Random random)
    {
        var data = new float[length];
        for (long i = 0; i < length; i++)
        {
            data[i] = (float)(random.NextDouble() - 0.5);
        }

        return data;
    }

    /// <summary>
    /// Median over 5 batches of the per-call time; each batch runs ~100 ms. Tiered PGO recompiles the kernels
    /// after some 30 calls, so ~0.5 s of warm-up (at least 30 calls) comes first: without it the first shape
    /// measured read up to 2x slow. Slow calls stop warming up after 3 s.
    /// </summary>
    internal static double MedianMs(Action action)
    {
        var warmUp = Stopwatch.StartNew();
        for (int call = 0; (call < 30 || warmUp.ElapsedMilliseconds < 500) && warmUp.ElapsedMilliseconds < 3000; call++)
        {
            action();
        }

        var once = Stopwatch.StartNew();
        action();
        int reps = Math.Max(1, (int)(100 / Math.Max(0.01, once.Elapsed.TotalMilliseconds)));
        var samples = new double[5];
        for (int s = 0; s < samples.Length; s++)
        {
            var clock = Stopwatch.StartNew();
            for (int r = 0; r < reps; r++)
            {
                action();
            }

            samples[s] = clock.Elapsed.TotalMilliseconds / reps;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
