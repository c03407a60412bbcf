namespace IlgpuNet.Benchmarks;

/// <summary>The machine's load average (/proc/loadavg: 1, 5 and 15 minutes), printed beside timings on a shared host.</summary>
public static class LoadAverage
{
    public static string Read()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "unknown";
    }
}
