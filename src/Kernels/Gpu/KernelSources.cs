using System.Text;
using System.Text.RegularExpressions;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The embedded kernel sources (src/Kernels/Device/*.cu and *.h, resources IlgpuNet.Kernels.Device.&lt;file&gt;),
/// with #include "x.h" lines replaced by the header text once each, so OpenCL and NVRTC need no include path.
/// </summary>
public static partial class KernelSources
{
    private const string Prefix = "IlgpuNet.Kernels.Device.";
    private static readonly Dictionary<string, string> Cache = new();

    /// <summary>File names of every .cu source, e.g. "gemm.cu".</summary>
    public static IReadOnlyList<string> SourceFiles { get; } = typeof(KernelSources).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".cu", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The raw text of one embedded file.</summary>
    public static string ReadRaw(string file)
    {
        using var stream = typeof(KernelSources).Assembly.GetManifestResourceStream(Prefix + file)
            ?? throw new FileNotFoundException($"no embedded kernel source '{file}' (resource {Prefix}{file})");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The source with its includes inlined: what every compiler is given.</summary>
    public static string Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var text))
            {
                text = Inline(file, new HashSet<string>(StringComparer.Ordinal));
                Cache[file] = text;
            }

            return text;
        }
    }

    private static string Inline(string file, HashSet<string> included)
    {
        var builder = new StringBuilder();
        foreach (var line in ReadRaw(file).Split('\n'))
        {
            var match = IncludeLine().Match(line);
            if (!match.Success)
            {
                builder.Append(line).Append('\n');
            }
            else if (included.Add(match.Groups[1].Value))
            {
                builder.Append(Inline(match.Groups[1].Value, included));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("^\\s*#\\s*include\\s+\"([^\"]+)\"")]
    private static partial Regex IncludeLine();
}
