using System.Diagnostics;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Training;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// The super-resolution project from C#: train SRCNN or FSRCNN (<c>ilgpunet sr train</c>), evaluate bilinear, bicubic
/// and trained networks on a SelfExSR-layout test set (<c>ilgpunet sr eval</c>), and enlarge an image in colour
/// (<c>ilgpunet sr upscale</c>). Without weights given, the networks are the ones shipped in weights/sr.
/// </summary>
public sealed class SuperResolutionStudy
{
    /// <summary>The scale factors the networks, the shipped weights and the SelfExSR test sets come in.</summary>
    public static readonly IReadOnlyList<int> Scales = [2, 3, 4];

    /// <summary>Trains into <see cref="RunSettings.OutDirectory"/>: see <see cref="SrTrainExperiment"/>. Returns the exit code (0).</summary>
    public int Train(RunSettings settings, SrTrainOptions options) => new SrTrainExperiment(settings, options).Run();

    /// <summary>
    /// Y PSNR and SSIM of bilinear, bicubic and the networks on one test set at one scale, from its LR images as given
    /// (<see cref="SrEvaluation"/> says how they are measured).
    /// </summary>
    public SrEvalResult Evaluate(SrEvalOptions options)
    {
        options.AddRulesTo(new OptionCheck()).ThrowIfAny();
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        string folder = Path.GetFullPath(options.Data ?? new DatasetLocator().Locate("set5"));
        var dataset = new SelfExSrDataset(folder, options.Scale);
        var networks = SrMethods.LoadWeights(options.Weights, options.Scale);
        foreach (var network in networks)
        {
            network.Network.Model.To(options.Device);
        }

        var methods = SrMethods.WithBaselines(options.Scale, networks.Select(w => w.Network));
        var pairs = Enumerable.Range(0, dataset.Count).Select(i => dataset[i]).ToArray();
        var evaluation = SrEvaluation.Run(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), pairs, methods);
        return new SrEvalResult(options, folder, networks, evaluation, started, clock.Elapsed);
    }

    /// <summary>Enlarges one image in colour — Y by a trained network (or an interpolation baseline), Cb and Cr bicubically — and writes it (.png or .jpg).</summary>
    public SrUpscaleResult Upscale(SrUpscaleOptions options)
    {
        options.AddRulesTo(new OptionCheck()).ThrowIfAny();
        var method = Choose(options);
        var lowRes = ImageFile.Read(options.Input);
        var result = ColourComposer.Upscale(lowRes, method);
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.Output));
        if (folder != null)
        {
            Directory.CreateDirectory(folder);
        }

        ImageFile.Write(options.Output, result);
        return new SrUpscaleResult(method.Name, options.Scale, lowRes.Width, lowRes.Height, result.Width, result.Height, Path.GetFullPath(options.Output));
    }

    private static ISuperResolver Choose(SrUpscaleOptions options)
    {
        int scale = options.Scale;
        if (options.Model is "bicubic" or "bilinear")
        {
            return options.Model == "bicubic" ? InterpolationResolver.Bicubic(scale) : InterpolationResolver.Bilinear(scale);
        }

        var available = SrMethods.LoadWeights(options.Weights, scale);
        var chosen = options.Model == null ? SrMethods.Best(available, scale, options.Weights).Network
            : available.FirstOrDefault(w => w.Network.Name == options.Model)?.Network ?? throw new ArgumentException($"no x{scale} model named '{options.Model}'; available: {string.Join(", ", available.Select(w => w.Network.Name).Append("bicubic").Append("bilinear"))}");
        chosen.Model.To(options.Device);
        return chosen;
    }
}
