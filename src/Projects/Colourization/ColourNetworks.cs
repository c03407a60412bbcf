using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;

namespace IlgpuNet.Colourization;

/// <summary>The three networks of the study by their command-line names, with the names the assignment gives them.</summary>
public static class ColourNetworks
{
    public const string PoolUpsample = "pool-upsample";
    public const string ConvTranspose = "conv-transpose";
    public const string UNet = "unet";

    public static IReadOnlyList<string> Names { get; } = [PoolUpsample, ConvTranspose, UNet];

    public static Module Create(string name, ColourNetConfig config) => Require(name) switch
    {
        PoolUpsample => new PoolUpsampleNet(config),
        ConvTranspose => new ConvTransposeNet(config),
        _ => new Layers.Models.UNet(config),
    };

    /// <summary>The assignment's class name: PoolUpsampleNet, ConvTransposeNet, UNet.</summary>
    public static string DisplayName(string name) => Require(name) switch
    {
        PoolUpsample => nameof(PoolUpsampleNet),
        ConvTranspose => nameof(ConvTransposeNet),
        _ => nameof(Layers.Models.UNet),
    };

    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>; the message lists them.</exception>
    public static string Require(string name) => Names.Contains(name) ? name
        : throw new ArgumentException($"--model: unknown network '{name}'; use {string.Join(", ", Names)}");
}
