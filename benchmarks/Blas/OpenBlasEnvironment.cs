using System.Diagnostics;
using IlgpuNet.Benchmarks.Gemm;

namespace IlgpuNet.Benchmarks.Blas;

/// <summary>
/// The OpenBLAS settings of a process that loads OpenBLAS for a comparison (PyTorch's side of `benchmarks compare`,
/// `benchmarks gemm`), so that the other side runs the kernels it picks for this CPU itself. Some hosts export
/// OPENBLAS_CORETYPE=Haswell and OPENBLAS_L2_SIZE to every process, which held OpenBLAS (and PyTorch's linear layers
/// and transposed convolutions) to AVX2 kernels on AVX-512 CPUs: both are removed. OpenBLAS 0.3.21 does not know
/// every newer CPU model either; where its own pick is a generic pre-AVX2 core on a CPU with AVX2 or AVX-512 (an Intel
/// Xeon of family 6 model 207 reads "Prescott", SSE3: 8-24 GFLOP/s on sgemm 1024² against ~135 with its AVX-512
/// kernels), the core this CPU's features call for is set instead. Both names are printed beside the results.
/// </summary>
public sealed record OpenBlasEnvironment(string OwnPick, string? SetCore)
{
    /// <summary>The host's settings that never reach a comparison's OpenBLAS.</summary>
    public static readonly string[] HostVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    private const string CoreVariable = "OPENBLAS_CORETYPE";

    /// <summary>Set in a process this class started, so that it does not start itself again.</summary>
    private const string PreparedVariable = "ILGPUNET_OPENBLAS_PREPARED";

    // OpenBLAS's cores with AVX2 or wider kernels; any other pick on a CPU with AVX2 is a fallback for a model it does not know.
    private static readonly string[] VectorCores = ["Haswell", "Zen", "Excavator", "SkylakeX", "Cooperlake", "SapphireRapids"];

    /// <summary>Whether this process was started with the prepared environment.</summary>
    public static bool IsPrepared => Environment.GetEnvironmentVariable(PreparedVariable) == "1";

    /// <summary>
    /// What OpenBLAS picks here with the host's variables removed (read in a child process, since OpenBLAS reads them
    /// once when it loads), and the core to set where that pick is a generic fallback.
    /// </summary>
    public static OpenBlasEnvironment Decide()
    {
        var probe = ChildProcess.Self(["openblas-core"], capture: true);
        RemoveHostVariables(probe);
        var output = ChildProcess.Capture(probe);
        string ownPick = output is { Code: 0 } run ? run.Stdout.Trim() : "not found";
        bool fallback = output is { Code: 0 } && !VectorCores.Contains(ownPick, StringComparer.OrdinalIgnoreCase);
        return new OpenBlasEnvironment(ownPick, fallback ? CoreForThisCpu() : null);
    }

    /// <summary>The environment of a child that loads OpenBLAS: the host's variables removed, the core set if decided.</summary>
    public void ApplyTo(ProcessStartInfo info)
    {
        RemoveHostVariables(info);
        if (SetCore is not null)
        {
            info.Environment[CoreVariable] = SetCore;
        }

        info.Environment[PreparedVariable] = "1";
    }

    /// <summary>
    /// Runs this program's <paramref name="args"/> again in a child with the prepared environment, passing its output
    /// through, for a command that loads OpenBLAS in its own process.
    /// </summary>
    public static int RunPrepared(string[] args)
    {
        var environment = Decide();
        var child = ChildProcess.Self(args, capture: false);
        environment.ApplyTo(child);
        Console.WriteLine(environment.Describe());
        return ChildProcess.Run(child);
    }

    public string Describe()
    {
        string host = string.Join(", ", HostVariables.Select(v => $"{v}={Environment.GetEnvironmentVariable(v) ?? "(unset)"}"));
        return SetCore is null
            ? $"OpenBLAS core for the comparison: its own pick, {OwnPick} (host's {host}: removed)"
            : $"OpenBLAS core for the comparison: {SetCore}, set with {CoreVariable}: its own pick on this CPU is {OwnPick}, "
              + $"a generic core for a model it does not know (host's {host}: removed)";
    }

    /// <summary>`benchmarks openblas-core`: the core OpenBLAS picked in this process.</summary>
    public static int PrintCore(string[] args)
    {
        if (!OpenBlas.IsAvailable)
        {
            Console.Error.WriteLine($"OpenBLAS not found ({OpenBlas.Library})");
            return 1;
        }

        Console.WriteLine(OpenBlas.CoreName);
        return 0;
    }

    private static void RemoveHostVariables(ProcessStartInfo info)
    {
        foreach (var name in HostVariables)
        {
            info.Environment.Remove(name);
        }
    }

    /// <summary>OpenBLAS's core for this CPU's vector features (/proc/cpuinfo flags), as its newer releases pick.</summary>
    private static string? CoreForThisCpu()
    {
        var flags = CpuInfo.Flags;
        bool avx512 = new[] { "avx512f", "avx512bw", "avx512dq", "avx512vl" }.All(flags.Contains);
        return avx512 && flags.Contains("avx512_bf16") ? "Cooperlake"
            : avx512 ? "SkylakeX"
            : flags.Contains("avx2") && flags.Contains("fma") ? "Haswell"
            : null;
    }
}
