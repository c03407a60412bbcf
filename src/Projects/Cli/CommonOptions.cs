using System.CommandLine;
using IlgpuNet.Kernels;
using IlgpuNet.Training;

namespace IlgpuNet.Cli;

/// <summary>The options every experiment takes: --device --data --out --seed --epochs --resume.</summary>
public sealed class CommonOptions
{
    public CommonOptions(int defaultEpochs, string defaultOut)
    {
        Device = new Option<string>("--device")
        {
            Description = "cpu, ilgpu-cpu, cuda[:N] or opencl[:N] (default: $ILGPUNET_DEVICE, else cpu)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ILGPUNET_DEVICE") ?? "cpu",
        };
        Device.Validators.Add(result =>
        {
            try
            {
                Kernels.Device.Parse(result.GetValueOrDefault<string>() ?? "cpu");
            }
            catch (ArgumentException error)
            {
                result.AddError(error.Message);
            }
        });
        Data = new Option<string?>("--data") { Description = "folder searched first for the data set" };
        Out = new Option<string>("--out") { Description = "run folder", DefaultValueFactory = _ => defaultOut };
        Seed = new Option<ulong>("--seed") { Description = "random seed (data order, init, augmentation)", DefaultValueFactory = _ => 0UL };
        Epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => defaultEpochs };
        Resume = new Option<bool>("--resume") { Description = "continue from the run folder's last checkpoint" };
    }

    public Option<string> Device { get; }

    public Option<string?> Data { get; }

    public Option<string> Out { get; }

    public Option<ulong> Seed { get; }

    public Option<int> Epochs { get; }

    public Option<bool> Resume { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Device, Data, Out, Seed, Epochs, Resume })
        {
            command.Options.Add(option);
        }
    }

    public RunSettings Read(ParseResult result) => new(
        Kernels.Device.Parse(result.GetValue(Device) ?? "cpu"),
        result.GetValue(Data),
        result.GetValue(Out) ?? "runs/run",
        result.GetValue(Seed),
        result.GetValue(Epochs),
        result.GetValue(Resume),
        "ilgpunet " + string.Join(' ', result.Tokens.Select(t => t.Value)));
}
