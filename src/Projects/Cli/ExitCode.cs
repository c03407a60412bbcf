namespace IlgpuNet.Cli;

/// <summary>What <c>ilgpunet</c> returns to the shell; README's "Errors and exit codes" lists the same.</summary>
public enum ExitCode
{
    /// <summary>The command did what it was asked.</summary>
    Ok = 0,

    /// <summary>The command line does not parse: an unknown command or option, a missing argument, a value that is not a number.</summary>
    Usage = 1,

    /// <summary>It parses, but an option's value or an input file cannot work (checked before any work starts).</summary>
    BadInput = 2,

    /// <summary>Ctrl-C or SIGTERM stopped the run between steps; nothing half-written, <c>--resume</c> continues it.</summary>
    Interrupted = 3,

    /// <summary>The --device asked for is not there or failed (no driver, no such GPU, a device error).</summary>
    DeviceUnavailable = 4,

    /// <summary>Reading or writing failed outside the inputs' contents: disk full, permissions, the network.</summary>
    IoFailure = 5,

    /// <summary>A fault in ilgpunet itself: run with --verbose and report the stack trace.</summary>
    InternalError = 70,
}
