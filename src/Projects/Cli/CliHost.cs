using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Tensors.IO;
using IlgpuNet.Training;

namespace IlgpuNet.Cli;

/// <summary>
/// The top-level handler every command runs under: a command line that does not parse exits 1; otherwise the command
/// runs with Ctrl-C and SIGTERM turned into a stop between steps (<see cref="RunInterruption"/>), and whatever it throws
/// becomes one line, <c>ilgpunet: COMMAND: WHAT FAILED</c>, and an <see cref="ExitCode"/>. <c>--verbose</c> or
/// <c>ILGPUNET_DEBUG=1</c> adds the stack trace. The checks of options and input files themselves live with the
/// studies (<see cref="OptionCheck"/>), so a program that calls a study directly gets the same lines.
/// </summary>
public static class CliHost
{
    public const string DebugVariable = "ILGPUNET_DEBUG";

    public static int Run(RootCommand root, string[] args, TextWriter errors)
    {
        var verbose = new Option<bool>("--verbose") { Description = $"on an error, also print its stack trace (or set {DebugVariable}=1)", Recursive = true };
        root.Options.Add(verbose);
        var parsed = root.Parse(args);
        string command = CommandPath(parsed);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.WriteLine($"ilgpunet: {command}: {error.Message}");
            }

            errors.WriteLine($"ilgpunet: {command}: see '{(command == "ilgpunet" ? "ilgpunet" : $"ilgpunet {command}")} --help'");
            return (int)ExitCode.Usage;
        }

        if (parsed.Action is not System.CommandLine.Help.HelpAction && EngineEnvironment.Problem() is { } problem)
        {
            errors.WriteLine($"ilgpunet: {command}: {problem}");
            return (int)ExitCode.BadInput;
        }

        RunInterruption.Reset();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, errors));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, errors));
        try
        {
            // ProcessTerminationTimeout = null: the signals above decide how a run stops, not System.CommandLine
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception error)
        {
            var (code, message) = Describe(Unwrap(error), parsed, args);
            foreach (var line in message.Split('\n'))
            {
                errors.WriteLine($"ilgpunet: {command}: {line.TrimEnd('\r')}");
            }

            if (parsed.GetValue(verbose) || Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                errors.WriteLine(error);
            }

            return (int)code;
        }
    }

    /// <summary>The exit code and message for what a command threw; the order matters (FileNotFound is an IOException).</summary>
    public static (ExitCode Code, string Message) Describe(Exception error, ParseResult parsed, IReadOnlyList<string> args) => error switch
    {
        RunInterruptedException interrupted => (ExitCode.Interrupted, InterruptedMessage(interrupted, parsed, args)),
        DeviceUnavailableException or ILGPU.Runtime.AcceleratorException => (ExitCode.DeviceUnavailable, error.Message),
        ArgumentException or InvalidDataException or InvalidFileException or FileNotFoundException or DirectoryNotFoundException or DatasetNotFoundException
            or StateDictException or NotSupportedException or TrainingDivergedException or JsonException => (ExitCode.BadInput, error.Message),
        HttpRequestException => (ExitCode.IoFailure, $"network: {error.Message}"),
        IOException or UnauthorizedAccessException => (ExitCode.IoFailure, error.Message),
        _ => (ExitCode.InternalError, $"internal error ({error.GetType().Name}: {error.Message}); run with --verbose and report the stack trace"),
    };

    /// <summary>A failure inside a parallel loop or a reflection call, seen as the one failure it wraps.</summary>
    private static Exception Unwrap(Exception error) => error switch
    {
        AggregateException aggregate when aggregate.Flatten().InnerExceptions is { Count: > 0 } inner => Unwrap(inner[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => error,
    };

    private static string InterruptedMessage(RunInterruptedException interrupted, ParseResult parsed, IReadOnlyList<string> args)
    {
        string again = "ilgpunet " + string.Join(' ', args.Select(Quote));
        bool resumable = parsed.CommandResult.Command.Options.Any(o => o.Name == "--resume");
        if (!resumable)
        {
            return $"interrupted ({interrupted.Signal}); nothing half-written. Run it again with: {again}";
        }

        if (!args.Any(a => a == "--resume" || a.StartsWith("--resume=", StringComparison.Ordinal)))
        {
            again += " --resume";
        }

        return $"interrupted ({interrupted.Signal}); nothing half-written, the run folder keeps every finished epoch. Continue with: {again}";
    }

    private static void OnSignal(PosixSignalContext context, TextWriter errors)
    {
        if (RunInterruption.Signal != null)
        {
            return; // a second signal: the default action ends the process now (files stay whole: every write is atomic)
        }

        context.Cancel = true;
        RunInterruption.Request(context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM");
        errors.WriteLine("ilgpunet: stopping after the current step (Ctrl-C again stops at once; nothing is left half-written either way)");
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result != null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return names.Count == 0 ? "ilgpunet" : string.Join(' ', names);
    }

    private static string Quote(string arg) => arg.Length == 0 ? "''" : arg.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'" : arg;
}
