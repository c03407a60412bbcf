using System.CommandLine;
using IlgpuNet.Cli.Commands;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("IlgpuNet: train and study vision models from C#.");
        root.Subcommands.Add(QuickstartCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (DatasetNotFoundException error)
        {
            Console.Error.WriteLine($"ilgpunet: {error.Message}");
            return 3;
        }
        catch (DeviceUnavailableException error)
        {
            Console.Error.WriteLine($"ilgpunet: {error.Message}");
            return 4;
        }
    }
}
