using IlgpuNet.Kernels;

namespace IlgpuNet.Training;

/// <summary>
/// How a study runs: where (device), on what (the --data folder: the only one searched when given), into which run
/// folder, with which seed and epochs, whether it resumes, and the command line that started it (shown in the report).
/// </summary>
public sealed record RunSettings(Device Device, string? DataDirectory, string OutDirectory, ulong Seed, int Epochs, bool Resume, string CommandLine)
{
    /// <summary>With <see cref="Resume"/>: fail when the run folder holds nothing to resume (--resume=must) instead of starting at epoch 1.</summary>
    public bool RequireCheckpoint { get; init; }
}
