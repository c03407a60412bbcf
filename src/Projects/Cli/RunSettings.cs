using IlgpuNet.Kernels;

namespace IlgpuNet.Cli;

/// <summary>What the common options resolved to, plus the command line that started the run (for the report).</summary>
public sealed record RunSettings(Device Device, string? DataDirectory, string OutDirectory, ulong Seed, int Epochs, bool Resume, string CommandLine);
