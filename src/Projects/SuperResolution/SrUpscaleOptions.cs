using IlgpuNet.Kernels;
using IlgpuNet.Training;

namespace IlgpuNet.SuperResolution;

/// <summary>What <see cref="SuperResolutionStudy.Upscale"/> enlarges, and with what (<c>ilgpunet sr upscale</c>).</summary>
public sealed record SrUpscaleOptions(string Input, string Output)
{
    public int Scale { get; init; } = 3;

    /// <summary>A network name (fsrcnn, srcnn, ...) or bicubic/bilinear; null: the network with the best validation PSNR.</summary>
    public string? Model { get; init; }

    /// <summary>Weights files or folders of *.safetensors; empty: the shipped weights/sr.</summary>
    public IReadOnlyList<string> Weights { get; init; } = [];

    /// <summary>Where the network runs.</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check)
    {
        check.ExistingFile("input", Input).OutputFile("output", Output, [".png", ".jpg", ".jpeg"]).OneOf("--scale", Scale, SuperResolutionStudy.Scales);
        foreach (var path in Weights)
        {
            check.ExistingFileOrFolder("--weights", path);
        }

        return check;
    }
}
