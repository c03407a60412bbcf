using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// A seed-step child started with --turns (this program's or torch_seed_models.py): it warms up on its own, says
/// "ready", then times one round of steps each time it is asked, so that two of them can take turns on the same cores
/// while the other waits. A child that fails or stops answering reads as null, with its standard error printed.
/// </summary>
public sealed class TurnTaker : IDisposable
{
    private readonly Process process;
    private readonly Task<string> stderr;
    private readonly string name;

    private TurnTaker(Process process, string name)
    {
        this.process = process;
        this.name = name;
        stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts the child and waits for its warm-up to end: null when it could not start or failed on the way.</summary>
    public static TurnTaker? Start(ProcessStartInfo info)
    {
        info.RedirectStandardInput = info.RedirectStandardOutput = info.RedirectStandardError = true;
        string name = $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception)
        {
            return null;
        }

        var taker = new TurnTaker(process!, name);
        if (taker.Reply() == "ready")
        {
            return taker;
        }

        taker.Dispose();
        return null;
    }

    /// <summary>One timed round: items/s, ms and CPU ms per step, steps.</summary>
    public JsonElement? Round() => Ask("round");

    /// <summary>Ends the child: its peak RSS (and ours, the pool's high-water mark).</summary>
    public JsonElement? End() => Ask("end");

    private JsonElement? Ask(string command)
    {
        try
        {
            process.StandardInput.WriteLine(command);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // the child has gone: Reply reports it
        }

        return Reply() is { } line ? JsonDocument.Parse(line).RootElement.Clone() : null;
    }

    private string? Reply()
    {
        var line = process.StandardOutput.ReadLine();
        if (line is null)
        {
            process.WaitForExit();
            Console.Error.WriteLine($"{name} failed (exit code {process.ExitCode}):\n{stderr.Result}");
        }

        return line;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
            }
        }

        process.Dispose();
    }
}
