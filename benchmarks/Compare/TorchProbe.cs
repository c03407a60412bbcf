using System.Diagnostics;
using System.Text.Json;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// What PyTorch runs on in the comparison's environment, read once by `torch_seed_models.py --probe` with oneDNN's
/// verbose log on: the OpenBLAS library and core it loaded (linear layers, transposed convolutions), which oneDNN
/// kernels its convolutions take, and ATen's CPU capability (elementwise ops, pooling).
/// </summary>
public sealed record TorchProbe(string Python, string Version, string? BlasCore, string? BlasConfig, string OneDnn, string? AtenCapability)
{
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Compare", "torch_seed_models.py");

    /// <summary>The first of <paramref name="pythons"/> that imports torch and torchvision, probed; null when none does.</summary>
    public static TorchProbe? Run(IEnumerable<string> pythons, Action<ProcessStartInfo> prepare)
    {
        foreach (var python in pythons)
        {
            var info = ChildProcess.Start(python, [Script, "--probe"], capture: true);
            prepare(info);
            info.Environment["DNNL_VERBOSE"] = "1";
            if (ChildProcess.Capture(info) is { Code: 0 } run)
            {
                return Parse(python, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return null;
    }

    /// <summary>
    /// Why this PyTorch is no fair yardstick, or null. Debian's torch calls whatever libblas.so.3 the system's
    /// alternatives name; without libopenblas0-pthread that is the reference BLAS, and its linear layers and transposed
    /// convolutions run many times slower than PyTorch's do anywhere else.
    /// </summary>
    public string? Problem => BlasCore is null
        ? $"PyTorch ({Python}) calls a BLAS other than OpenBLAS (libblas.so.3 is Debian's reference BLAS without "
          + "libopenblas0-pthread), which would flatter ours: install libopenblas0-pthread (make bench-deps)"
        : null;

    public string Describe()
        => $"PyTorch {Version} ({Python}): OpenBLAS core {BlasCore ?? "(not loaded)"}; {OneDnn}; ATen CPU capability {AtenCapability ?? "?"}";

    private static TorchProbe Parse(string python, string[] lines)
    {
        var json = JsonDocument.Parse(lines[^1]).RootElement;
        string? Text(string key) => json.GetProperty(key).ValueKind == JsonValueKind.String ? json.GetProperty(key).GetString() : null;

        // onednn_verbose,info,cpu,isa:<isa>   and   onednn_verbose,exec,cpu,<primitive>,<implementation>,<pass>,...
        string isa = lines.Select(l => l.Split(",isa:", 2)).FirstOrDefault(p => p.Length == 2)?[1] ?? "?";
        var kernels = lines.Where(l => l.Contains(",exec,cpu,", StringComparison.Ordinal))
            .Select(l => l.Split(','))
            .Where(f => f.Length > 5 && f[3] != "reorder")
            .Select(f => $"{f[3]} {f[5]}: {f[4]}")
            .Distinct()
            .DefaultIfEmpty("no convolution pass");
        string oneDnn = !json.GetProperty("mkldnn_enabled").GetBoolean()
            ? "oneDNN disabled"
            : $"oneDNN on (isa: {isa}) takes {string.Join(", ", kernels)}" +
              " (every other op: ATen or BLAS)";
        return new TorchProbe(python, Text("torch") ?? "?", Text("openblas_core"), Text("openblas_config"), oneDnn, Text("aten_cpu_capability"));
    }
}
