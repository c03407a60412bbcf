using System.Diagnostics;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tests.Device;

public class KernelSourcesCompileTests
{
    [Fact]
    public void KernelSources_AllExpectedFilesAreEmbedded()
    {
        string[] expected = ["batchnorm.cu", "dropout.cu", "elementwise.cu", "gemm.cu", "im2col.cu", "index.cu", "optimizers.cu", "pool.cu",
            "reduce.cu", "softmax_cross_entropy.cu", "upsample.cu", "volume_render.cu"];
        Assert.Equal(expected, KernelSources.SourceFiles);
        Assert.DoesNotContain(KernelSources.Load("dropout.cu").Split('\n'), line => line.TrimStart().StartsWith("#include \"", StringComparison.Ordinal));
    }

    [ClangFact]
    public void KernelSources_CompileAsCuda_WithClang14()
    {
        Assert.True(Clang.Path is not null, "clang-14 not found on PATH and CI=true: run `make deps`");
        var directory = Directory.CreateTempSubdirectory("ilgpunet-clang-");
        try
        {
            var failures = new List<string>();
            Parallel.ForEach(KernelSources.SourceFiles, file =>
            {
                var source = Path.Combine(directory.FullName, file);
                File.WriteAllText(source, KernelSources.Load(file));
                var start = new ProcessStartInfo(Clang.Path!, ["-x", "cuda", "--cuda-device-only", "--cuda-gpu-arch=sm_70", "-nocudainc", "-nocudalib",
                    "-Werror", "-S", source, "-o", Path.ChangeExtension(source, ".ptx")])
                { RedirectStandardError = true, RedirectStandardOutput = true };
                using var process = Process.Start(start)!;
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    lock (failures)
                    {
                        failures.Add($"{file}:\n{errors}");
                    }
                }
                else
                {
                    // Every KERNEL must come out as an unmangled PTX entry.
                    var ptx = File.ReadAllText(Path.ChangeExtension(source, ".ptx"));
                    if (!ptx.Contains(".entry", StringComparison.Ordinal))
                    {
                        lock (failures)
                        {
                            failures.Add($"{file}: no .entry in PTX");
                        }
                    }
                }
            });
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
