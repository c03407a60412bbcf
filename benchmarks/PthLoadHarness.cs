using System.Diagnostics;
using IlgpuNet.Layers.Checkpoints;

namespace IlgpuNet.Benchmarks;

/// <summary>
/// <c>benchmarks pth-load FILE [repeats]</c>: reads a torch.save'd state dict with <see cref="PthReader"/> several times
/// (the file in the page cache after the first read, as torch.load is timed by benchmarks/pth_load_reference.py) and
/// prints each time, the best, and MB/s at the best.
/// </summary>
public static class PthLoadHarness
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: benchmarks pth-load FILE [repeats]");
            return 2;
        }

        string path = args[0];
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        double megabytes = new FileInfo(path).Length / 1e6;
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var file = PthReader.Read(path);
            times.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"read {i + 1}: {times[^1]:F3} s ({file.Tensors.Count} tensors)");
        }

        Console.WriteLine($"{Path.GetFileName(path)}: {megabytes:F0} MB, best {times.Min():F3} s = {megabytes / times.Min():F0} MB/s, median {times.Order().ElementAt(times.Count / 2):F3} s");
        return 0;
    }
}
