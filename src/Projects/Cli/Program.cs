using System.CommandLine;
using IlgpuNet.Cli.Commands;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Training;

namespace IlgpuNet.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Progress.Display = new SpectreProgress(); // the studies' training loops draw a terminal bar
        var root = new RootCommand("IlgpuNet: train and study vision models from C#.");
        root.Subcommands.Add(QuickstartCommand.Create());
        root.Subcommands.Add(CifarCommand.Create());
        root.Subcommands.Add(CompositeCommand.Create());
        root.Subcommands.Add(Scene15Command.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(SrCommand.Create());
        try
        {
            // errors reach the catches below as one clear line instead of the default handler's stack trace
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
        catch (Exception error) when (error is ArgumentException or InvalidDataException or IOException or StateDictException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ilgpunet: {error.Message}");
            return 2;
        }
    }
}
