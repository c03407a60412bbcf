using System.Diagnostics;

namespace IlgpuNet.Benchmarks;

/// <summary>
/// Starting another process for a benchmark: this program again (a fresh process per measurement, or the same
/// command with a different environment) or another program, its output captured or passed through.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// A start of this program with <paramref name="args"/>: the app host takes the command directly, while `dotnet`
    /// (as under `dotnet run` or `dotnet IlgpuNet.Benchmarks.dll`) needs the assembly first.
    /// </summary>
    public static ProcessStartInfo Self(IEnumerable<string> args, bool capture)
    {
        var selfArgs = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? [typeof(ChildProcess).Assembly.Location]
            : Array.Empty<string>();
        return Start(Environment.ProcessPath!, selfArgs.Concat(args), capture);
    }

    public static ProcessStartInfo Start(string program, IEnumerable<string> args, bool capture)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = capture, RedirectStandardError = capture };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>Runs to the end and returns its exit code and output; null when the program is not installed.</summary>
    public static (int Code, string Stdout, string Stderr)? Capture(ProcessStartInfo info)
    {
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Runs to the end with this process's console and returns its exit code.</summary>
    public static int Run(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
