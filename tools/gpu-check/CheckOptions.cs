using IlgpuNet.Kernels;

namespace IlgpuNet.GpuCheck;

/// <summary>The command line of gpu-check.</summary>
public sealed record CheckOptions(Device Device, string OutPath, bool SkipParity, bool SkipBench, bool Full, string? Error)
{
    public const string Usage =
        "usage: gpu-check [--device cuda:0|ilgpu-cpu|opencl:N] [--out FILE.json] [--skip-parity] [--skip-bench] [--size small|full]\n" +
        "  runs every device parity case against the CPU, a short training run, a host-transfer check, then benchmarks\n" +
        "  (on CUDA against PyTorch on the same card, through python3); --size full (the default on CUDA) uses GPU-sized\n" +
        "  problems and times the seed models, small ones fit ILGPU's CPU accelerator (ilgpu-cpu).";

    /// <summary>The Error of options that asked for the usage text.</summary>
    public const string HelpRequested = "help";

    public static CheckOptions Parse(string[] args)
    {
        var device = Device.Cuda(0);
        string outPath = "gpu-check.json";
        bool skipParity = false, skipBench = false;
        bool? full = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--device":
                    try
                    {
                        device = Device.Parse(Value() ?? "");
                    }
                    catch (ArgumentException e)
                    {
                        return Failed(e.Message);
                    }

                    break;
                case "--out":
                    outPath = Value() ?? "";
                    break;
                case "--skip-parity":
                    skipParity = true;
                    break;
                case "--skip-bench":
                    skipBench = true;
                    break;
                case "--size":
                    full = Value() switch { "full" => true, "small" => false, _ => null };
                    if (full == null)
                    {
                        return Failed("--size takes small or full");
                    }

                    break;
                case "-h" or "--help":
                    return Failed(HelpRequested);
                default:
                    return Failed($"unknown argument '{args[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(outPath))
        {
            return Failed("--out needs a file name");
        }

        if (device.IsCpu)
        {
            return Failed("--device must be an accelerator (cuda[:N], opencl[:N] or ilgpu-cpu): the cpu is the reference");
        }

        return new CheckOptions(device, outPath, skipParity, skipBench, full ?? device.Kind == DeviceKind.Cuda, null);
    }

    private static CheckOptions Failed(string error) => new(Device.Cpu, "", false, false, false, error);
}
