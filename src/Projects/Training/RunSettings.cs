using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels;

namespace IlgpuNet.Training;

/// <summary>
/// How a study runs: where (device), on what (the --data folder: the only one searched when given), into which run
/// folder, with which seed and epochs, whether it resumes, the command line that started it (shown in the report), and
/// whether images that cannot be decoded are skipped (listed in the run folder) rather than stopping the run.
/// </summary>
public sealed record RunSettings(Device Device, string? DataDirectory, string OutDirectory, ulong Seed, int Epochs, bool Resume, string CommandLine,
    bool SkipBadImages = false)
{
    /// <summary>With <see cref="Resume"/>: fail when the run folder holds nothing to resume (--resume=must) instead of starting at epoch 1.</summary>
    public bool RequireCheckpoint { get; init; }

    /// <summary>Where image-folder loaders record what they skip with <see cref="SkipBadImages"/>; null when a bad image stops the run.</summary>
    public SkippedImages? SkippedImages { get; } = SkipBadImages ? new SkippedImages() : null;
}
