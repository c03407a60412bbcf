using System.CommandLine;
using IlgpuNet.Kernels;
using IlgpuNet.Training;

namespace IlgpuNet.Cli;

/// <summary>
/// The options every experiment takes: --device --data --out --seed --epochs --resume, and --skip-bad-images where it
/// reads image folders. Their values are checked by the study before any work (<see cref="OptionCheck.Settings"/>);
/// --device and --resume are read here.
/// </summary>
public sealed class CommonOptions
{
    public CommonOptions(int defaultEpochs, string defaultOut, bool readsImageFolders = false)
    {
        ReadsImageFolders = readsImageFolders;
        Device = new Option<string>("--device")
        {
            Description = "cpu, ilgpu-cpu, cuda[:N] or opencl[:N] (default: $ILGPUNET_DEVICE, else cpu)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ILGPUNET_DEVICE") ?? "cpu",
        };
        Data = new Option<string?>("--data") { Description = "the folder that holds the data sets (only it is searched); without it: $ILGPUNET_DATA, ~/.cache/ilgpunet, ../shared/data, /usr/share/datasets" };
        Out = new Option<string>("--out") { Description = "run folder", DefaultValueFactory = _ => defaultOut };
        Seed = new Option<ulong>("--seed") { Description = "random seed (data order, init, augmentation)", DefaultValueFactory = _ => 0UL };
        Epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => defaultEpochs };
        Resume = new Option<string?>("--resume")
        {
            Description = "continue the run in --out after its last checkpoint (options that shape results must match); " +
                "with nothing to resume it says so and starts at epoch 1, --resume=must fails instead",
            Arity = ArgumentArity.ZeroOrOne,
        };
        SkipBadImages = new Option<bool>("--skip-bad-images") { Description = $"leave out image files that cannot be decoded (listed in the run folder's {IlgpuNet.Data.Datasets.SkippedImages.FileName}) instead of stopping" };
    }

    public bool ReadsImageFolders { get; }

    public Option<string> Device { get; }

    public Option<string?> Data { get; }

    public Option<string> Out { get; }

    public Option<ulong> Seed { get; }

    public Option<int> Epochs { get; }

    public Option<string?> Resume { get; }

    public Option<bool> SkipBadImages { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Device, Data, Out, Seed, Epochs, Resume })
        {
            command.Options.Add(option);
        }

        if (ReadsImageFolders)
        {
            command.Options.Add(SkipBadImages);
        }
    }

    public RunSettings Read(ParseResult result)
    {
        var resume = result.GetResult(Resume);
        string? resumeValue = resume?.Tokens.Count > 0 ? resume.Tokens[0].Value : null;
        if (resumeValue is not (null or "must"))
        {
            throw new InvalidOptionsException([$"--resume={resumeValue}: the only value --resume takes is 'must' (fail when there is nothing to resume)"]);
        }

        return new RunSettings(
            ParseDevice(result.GetValue(Device) ?? "cpu"),
            result.GetValue(Data),
            result.GetValue(Out) ?? "runs/run",
            result.GetValue(Seed),
            result.GetValue(Epochs),
            resume != null,
            "ilgpunet " + string.Join(' ', result.Tokens.Select(t => t.Value)),
            ReadsImageFolders && result.GetValue(SkipBadImages))
        {
            RequireCheckpoint = resumeValue == "must",
        };
    }

    /// <summary>--strip-prefix, beside a --pretrained that takes FILE.pth or FILE.pth:KEY.</summary>
    public static Option<string?> StripPrefix() => new("--strip-prefix")
    {
        Description = "a prefix every key of --pretrained carries, stripped before loading (module. for nn.DataParallel); " +
            "--pretrained FILE.pth:state_dict picks a state dict nested in a training checkpoint",
    };

    /// <summary>A --device value (cpu, cuda[:N], opencl[:N]); one that names no device kind is bad input naming the option.</summary>
    public static Kernels.Device ParseDevice(string value)
    {
        try
        {
            return Kernels.Device.Parse(value);
        }
        catch (ArgumentException error)
        {
            throw new InvalidOptionsException([$"--device {value}: {error.Message}"]);
        }
    }
}
