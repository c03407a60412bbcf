using System.CommandLine;
using IlgpuNet.Cli.Commands;
using IlgpuNet.Training;

namespace IlgpuNet.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Progress.Display = new SpectreProgress(); // the studies' training loops draw a terminal bar
        var root = new RootCommand("IlgpuNet: train and study vision models from C#. Exit codes: 0 ok, 1 usage, 2 bad input, 3 interrupted, 4 device unavailable, 5 I/O failure.");
        root.Subcommands.Add(QuickstartCommand.Create());
        root.Subcommands.Add(CifarCommand.Create());
        root.Subcommands.Add(CompositeCommand.Create());
        root.Subcommands.Add(ColourizeCommand.Create());
        root.Subcommands.Add(Scene15Command.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(SrCommand.Create());
        root.Subcommands.Add(NerfCommand.Create());
        return CliHost.Run(root, args, Console.Error);
    }
}
