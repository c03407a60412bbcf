namespace IlgpuNet.Tests.Experiments;

/// <summary>Runs the CLI in-process with the console captured: exit code, standard output and error.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output, string Errors) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var previous = Console.Out;
        var previousError = Console.Error;
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            return (Cli.Program.Main(args), output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(previous);
            Console.SetError(previousError);
        }
    }

    /// <summary>The last non-empty line of the output (where runners print their folder).</summary>
    public static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();
}
