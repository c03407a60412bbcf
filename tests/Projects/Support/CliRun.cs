namespace IlgpuNet.Tests.Projects;

/// <summary>Runs <c>ilgpunet</c> in-process with its console output captured.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Errors)
{
    public string[] Lines => Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    public static CliRun Invoke(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var previous = Console.Out;
        var previousError = Console.Error;
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            int exitCode = global::IlgpuNet.Cli.Program.Main(args);
            return new CliRun(exitCode, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(previous);
            Console.SetError(previousError);
        }
    }
}
