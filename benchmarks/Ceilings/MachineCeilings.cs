using System.Diagnostics;
using System.Runtime.Intrinsics;
using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Ceilings;

/// <summary>
/// `benchmarks ceilings`: what this machine can do at best, the context for every GFLOP/s and GB/s figure —
/// float32 FMA peak (independent vector FMA chains in registers, every worker) and memory copy bandwidth
/// (a 256 MiB buffer copied per worker share, counted as bytes read + bytes written), then the copy bandwidth of
/// each device present.
/// </summary>
public static class MachineCeilings
{
    public static int Run(string[] args)
    {
        var (fmaGflops, width) = FmaPeak();
        double copy = CopyBandwidth();
        Console.WriteLine($"| ceiling | value |");
        Console.WriteLine($"|---|---:|");
        Console.WriteLine($"| float32 FMA peak, {CpuParallel.Workers} thread(s), {width}-bit vectors | {fmaGflops:F0} GFLOP/s |");
        Console.WriteLine($"| memory copy, {CpuParallel.Workers} thread(s), read + write | {copy:F1} GB/s |");
        foreach (var device in BenchmarkDevices.Present.Where(d => !d.IsCpu))
        {
            Console.WriteLine($"| {device} copy (tensor clone), read + write | {DeviceCopyBandwidth(device):F1} GB/s |");
        }

        return 0;
    }

    public static (double Gflops, int Bits) FmaPeak()
    {
        const long iterations = 20_000_000;
        int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        double best = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, CpuParallel.Workers, _ => FmaChains(iterations));
            // 8 chains × lanes × 2 flops per FMA
            best = Math.Max(best, CpuParallel.Workers * iterations * 8.0 * lanes * 2 / clock.Elapsed.TotalSeconds / 1e9);
        }

        return (best, lanes * 32);
    }

    private static float FmaChains(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(0.999f);
            var b = Vector512.Create(0.001f);
            Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
                c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
                c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
                c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            }

            return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7);
        }

        var x = Vector256.Create(0.999f);
        var y = Vector256.Create(0.001f);
        Vector256<float> d0 = x, d1 = x, d2 = x, d3 = x, d4 = x, d5 = x, d6 = x, d7 = x;
        for (long i = 0; i < iterations; i++)
        {
            d0 = Vector256.FusedMultiplyAdd(d0, x, y); d1 = Vector256.FusedMultiplyAdd(d1, x, y);
            d2 = Vector256.FusedMultiplyAdd(d2, x, y); d3 = Vector256.FusedMultiplyAdd(d3, x, y);
            d4 = Vector256.FusedMultiplyAdd(d4, x, y); d5 = Vector256.FusedMultiplyAdd(d5, x, y);
            d6 = Vector256.FusedMultiplyAdd(d6, x, y); d7 = Vector256.FusedMultiplyAdd(d7, x, y);
        }

        return Vector256.Sum(d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7);
    }

    public static double CopyBandwidth()
    {
        const int length = 64 << 20; // floats: 256 MiB each way
        var source = new float[length];
        var target = new float[length];
        Array.Fill(source, 1f);
        Array.Fill(target, 0f);
        double best = 0;
        int workers = CpuParallel.Workers;
        for (int trial = 0; trial < 5; trial++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, workers, w =>
            {
                int start = (int)((long)length * w / workers), end = (int)((long)length * (w + 1) / workers);
                source.AsSpan(start, end - start).CopyTo(target.AsSpan(start, end - start));
            });
            best = Math.Max(best, 2.0 * length * sizeof(float) / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    /// <summary>
    /// Copy bandwidth of an accelerator: a 256 MiB float32 tensor cloned on it (read + write), best of 5, waiting
    /// for the device each time. The FMA peak of a device is not measured here.
    /// </summary>
    public static double DeviceCopyBandwidth(Device device)
    {
        const int length = 64 << 20;
        var source = Tensor.Ones([length], device: device);
        source.Clone();
        BenchmarkDevices.Synchronize(device);
        double best = 0;
        for (int trial = 0; trial < 5; trial++)
        {
            var clock = Stopwatch.StartNew();
            source.Clone();
            BenchmarkDevices.Synchronize(device);
            best = Math.Max(best, 2.0 * length * sizeof(float) / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }
}
