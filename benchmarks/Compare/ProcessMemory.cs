namespace IlgpuNet.Benchmarks.Compare;

/// <summary>The process's peak resident set (VmHWM in /proc/self/status), the figure `ps` and PyTorch users compare.</summary>
public static class ProcessMemory
{
    public static long PeakRssBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var parts = line?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && long.TryParse(parts[1], out var kib) ? kib * 1024 : -1;
    }
}
