using IlgpuNet.Kernels;

namespace IlgpuNet.Training;

/// <summary>
/// How a study runs: where (device), on what (data folder searched first), into which run folder, with which seed and
/// epochs, whether it resumes, and the command line that started it (shown in the report).
/// </summary>
public sealed record RunSettings(Device Device, string? DataDirectory, string OutDirectory, ulong Seed, int Epochs, bool Resume, string CommandLine);
