namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// The environment variables the CPU backend reads, with one rule each, so that the kernels and the programs' start-up
/// check agree: ILGPUNET_THREADS (a positive worker count; unset: all cores) and ILGPUNET_DENORMALS ("keep" to keep
/// subnormal floats in the kernels; unset: flushed). The kernels fall back to the defaults on a value they cannot
/// use; the command-line programs call <see cref="Problem"/> first and refuse to start with it.
/// </summary>
public static class EngineEnvironment
{
    public const string ThreadsVariable = "ILGPUNET_THREADS";

    public const string DenormalsVariable = "ILGPUNET_DENORMALS";

    /// <summary>The worker count ILGPUNET_THREADS asks for, or null when it is unset or not a positive integer.</summary>
    public static int? Threads => int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int n) && n > 0 ? n : null;

    /// <summary>False when ILGPUNET_DENORMALS is "keep".</summary>
    public static bool FlushDenormals => Environment.GetEnvironmentVariable(DenormalsVariable) != "keep";

    /// <summary>One line naming the first variable set to a value the backend cannot use, or null when all are usable.</summary>
    public static string? Problem()
    {
        string? threads = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (!string.IsNullOrEmpty(threads) && Threads is null)
        {
            return $"{ThreadsVariable} must be a positive integer (the CPU worker count), got '{threads}'";
        }

        string? denormals = Environment.GetEnvironmentVariable(DenormalsVariable);
        if (!string.IsNullOrEmpty(denormals) && denormals != "keep")
        {
            return $"{DenormalsVariable} must be 'keep' (subnormal floats kept in the CPU kernels) or unset, got '{denormals}'";
        }

        return null;
    }
}
