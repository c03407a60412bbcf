using System.Diagnostics;
using System.Text.Json;

namespace IlgpuNet.GpuCheck;

/// <summary>
/// PyTorch on the same card, for the comparison: torch_gpu.py (embedded here with the seed models it imports, written to
/// a temporary folder and run with python3) times torch.matmul and each seed model's training step with cuDNN. A machine
/// without python3, PyTorch or CUDA gives the reason instead of numbers.
/// </summary>
public sealed record TorchReference(string? Error, string? Version, string? DeviceName, IReadOnlyDictionary<int, double> GemmGflops,
    IReadOnlyDictionary<string, double> ModelMillisecondsPerStep)
{
    private static readonly string[] Scripts = ["torch_gpu.py", "torch_seed_models.py"];

    public static TorchReference Run(Kernels.Device device, IEnumerable<int> gemmSizes, IEnumerable<string> models)
    {
        var folder = Directory.CreateTempSubdirectory("gpu-check-torch-");
        try
        {
            foreach (var script in Scripts)
            {
                using var resource = typeof(TorchReference).Assembly.GetManifestResourceStream(script)
                    ?? throw new InvalidOperationException($"gpu-check was built without {script}");
                using var file = File.Create(Path.Combine(folder.FullName, script));
                resource.CopyTo(file);
            }

            var start = new ProcessStartInfo("python3", [Path.Combine(folder.FullName, Scripts[0]), device.ToString(), string.Join(",", gemmSizes),
                string.Join(",", models)])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return line is null ? Failed($"torch_gpu.py printed nothing (exit {process.ExitCode}): {errors.Trim()}") : Parse(line);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return Failed($"python3 not found: {e.Message}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static TorchReference Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return Failed(error.GetString());
        }

        return new TorchReference(null, $"{root.GetProperty("torch").GetString()} (cuDNN {root.GetProperty("cudnn")})", root.GetProperty("device").GetString(),
            root.GetProperty("gemm_gflops").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetDouble()),
            root.GetProperty("model_ms_per_step").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }

    private static TorchReference Failed(string? why) => new(why ?? "unknown", null, null, new Dictionary<int, double>(), new Dictionary<string, double>());
}
