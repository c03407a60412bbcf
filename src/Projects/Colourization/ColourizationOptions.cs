using System.Globalization;
using System.Text.Json.Serialization;
using IlgpuNet.Layers.Models;
using IlgpuNet.Training;

namespace IlgpuNet.Colourization;

/// <summary>
/// The colourization study's own options (the common ones are in <see cref="Training.RunSettings"/>; the assignment
/// trains 25 epochs). Defaults are the assignment's: kernel 3, NF 32, 24 colours, batch 100, Adam 1e-3.
/// </summary>
public sealed record ColourizationOptions
{
    public const string StandIn = "bsd100";
    public const string Cifar10 = "cifar10";

    /// <summary>Networks to train, by <see cref="ColourNetworks"/> name (pool-upsample, conv-transpose, unet).</summary>
    public IReadOnlyList<string> Models { get; init; } = ColourNetworks.Names;

    public int Kernel { get; init; } = 3;

    /// <summary>NF: filters of the first layer (the second has 2·NF).</summary>
    public int NumFilters { get; init; } = 32;

    /// <summary>NC: colour classes, the k of the k-means.</summary>
    public int NumColours { get; init; } = 24;

    public int Dilation { get; init; } = 1;

    public int BatchSize { get; init; } = 100;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The ConvTransposeNet batch-size sweep (same epochs, same learning rate); empty skips it.</summary>
    public IReadOnlyList<int> SweepBatchSizes { get; init; } = [32, 64, 128, 256, 512];

    /// <summary>bsd100 (the stand-in: 32×32 crops of the B100 images) or cifar10 (the assignment's data).</summary>
    public string Dataset { get; init; } = StandIn;

    /// <summary>The CIFAR-10 class trained on ("horse", as the assignment) or "all".</summary>
    public string CifarClass { get; init; } = "horse";

    /// <summary>Stand-in: source images held out for validation (their crops never reach training).</summary>
    public int ValidationImages { get; init; } = 20;

    /// <summary>Stand-in: each source image is shrunk by this factor (bicubic, antialiased) before cropping, so a 32×32 crop holds more of the scene.</summary>
    public int Downscale { get; init; } = 2;

    /// <summary>Stand-in: pixels between crop origins (32: crops side by side, no overlap).</summary>
    public int CropStride { get; init; } = 32;

    /// <summary>Training pixels drawn for the k-means.</summary>
    public int KMeansPixels { get; init; } = 200_000;

    [JsonIgnore]
    public ColourNetConfig NetConfig => new(Kernel, InChannels: 1, NumFilters, NumColours, Dilation);

    /// <summary>Adds the rules of these options to <paramref name="check"/>.</summary>
    public OptionCheck AddRulesTo(OptionCheck check)
    {
        if (Models.Count == 0)
        {
            check.Add($"--model: name at least one of {string.Join(", ", ColourNetworks.Names)}");
        }

        foreach (var model in Models)
        {
            check.OneOf("--model", model, ColourNetworks.Names);
        }

        foreach (int size in SweepBatchSizes)
        {
            check.Positive("--sweep-batch-sizes", size);
        }

        return check.Positive("--kernel", Kernel).Positive("--num-filters", NumFilters).InRange("--num-colours", NumColours, 2, 256)
            .Positive("--dilation", Dilation).Positive("--batch-size", BatchSize).Positive("--lr", LearningRate)
            .OneOf("--dataset", Dataset, [StandIn, Cifar10]).Positive("--val-images", ValidationImages).Positive("--downscale", Downscale)
            .Positive("--crop-stride", CropStride).AtLeast("--kmeans-pixels", KMeansPixels, NumColours);
    }

    /// <summary>The options that shape the results, as <c>--resume</c> compares them (--epochs may grow: no schedule depends on it).</summary>
    public ResultOptions AddTo(ResultOptions result) => result
        .Add("--dataset", Dataset).Add("--cifar-class", CifarClass).Add("--model", Models).Add("--kernel", Kernel).Add("--num-filters", NumFilters)
        .Add("--num-colours", NumColours).Add("--dilation", Dilation).Add("--batch-size", BatchSize).Add("--lr", LearningRate)
        .Add("--sweep-batch-sizes", SweepBatchSizes.Select(size => size.ToString(CultureInfo.InvariantCulture))).Add("--val-images", ValidationImages)
        .Add("--downscale", Downscale).Add("--crop-stride", CropStride).Add("--kmeans-pixels", KMeansPixels);
}
