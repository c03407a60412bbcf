namespace IlgpuNet.Benchmarks;

/// <summary>
/// This machine cannot give the figures a command promises (e.g. a comparison whose other side would run on slower
/// libraries than it does elsewhere): the command stops before any timing with this one line and exit code 2.
/// </summary>
public sealed class BenchmarkSetupException(string message) : Exception(message);
