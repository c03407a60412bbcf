namespace IlgpuNet.Benchmarks;

/// <summary>This machine's CPU as /proc/cpuinfo describes its first processor: printed beside every figure.</summary>
public static class CpuInfo
{
    private static readonly Dictionary<string, string> Fields = Read();

    /// <summary>Model name with family and model number (several CPU generations share one name under a hypervisor).</summary>
    public static string Name => $"{Field("model name")} (family {Field("cpu family")} model {Field("model")}, {Environment.ProcessorCount} logical CPUs)";

    public static IReadOnlySet<string> Flags { get; } = new HashSet<string>(Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Field(string name) => Fields.GetValueOrDefault(name, "unknown");

    private static Dictionary<string, string> Read()
    {
        const string path = "/proc/cpuinfo";
        var fields = new Dictionary<string, string>();
        if (!File.Exists(path))
        {
            return fields;
        }

        foreach (var line in File.ReadLines(path).TakeWhile(l => l.Length > 0))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2)
            {
                fields.TryAdd(parts[0].Trim(), parts[1].Trim());
            }
        }

        return fields;
    }
}
