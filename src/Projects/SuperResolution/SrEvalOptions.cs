using IlgpuNet.Kernels;
using IlgpuNet.Training;

namespace IlgpuNet.SuperResolution;

/// <summary>What <see cref="SuperResolutionStudy.Evaluate"/> measures (<c>ilgpunet sr eval</c>).</summary>
public sealed record SrEvalOptions
{
    /// <summary>SelfExSR-layout folder holding image_SRF_&lt;scale&gt;/; null: Set5 wherever data sets are found.</summary>
    public string? Data { get; init; }

    public int Scale { get; init; } = 3;

    /// <summary>Weights files or folders of *.safetensors; empty: the shipped weights/sr.</summary>
    public IReadOnlyList<string> Weights { get; init; } = [];

    /// <summary>Where the networks run.</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check)
    {
        check.OneOf("--scale", Scale, SuperResolutionStudy.Scales).ExistingFolder("--data", Data);
        foreach (var path in Weights)
        {
            check.ExistingFileOrFolder("--weights", path);
        }

        return check;
    }
}
