using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels;

namespace IlgpuNet.Cli.Experiments.Sr;

/// <summary>
/// <c>ilgpunet sr upscale IN OUT</c>: enlarge one image in colour — Y by a trained network (or an interpolation
/// baseline), Cb and Cr bicubically — and write it (.png or .jpg).
/// </summary>
public sealed class SrUpscaleCommandRunner(string input, string output, int scale, string? model, IReadOnlyList<string> weights, Device device)
{
    public int Run()
    {
        var method = Choose();
        var lowRes = ImageFile.Read(input);
        var result = ColourComposer.Upscale(lowRes, method);
        var folder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (folder != null)
        {
            Directory.CreateDirectory(folder);
        }

        ImageFile.Write(output, result);
        Console.Error.WriteLine($"{method.Name} x{scale}: {lowRes.Width}x{lowRes.Height} -> {result.Width}x{result.Height}");
        Console.WriteLine(Path.GetFullPath(output));
        return 0;
    }

    private ISuperResolver Choose()
    {
        if (model is "bicubic" or "bilinear")
        {
            return model == "bicubic" ? InterpolationResolver.Bicubic(scale) : InterpolationResolver.Bilinear(scale);
        }

        var available = SrMethods.LoadWeights(weights, scale);
        var chosen = model == null ? SrMethods.Best(available, scale).Network
            : available.FirstOrDefault(w => w.Network.Name == model)?.Network ?? throw new ArgumentException($"no x{scale} model named '{model}'; available: {string.Join(", ", available.Select(w => w.Network.Name).Append("bicubic").Append("bilinear"))}");
        chosen.Model.To(device);
        return chosen;
    }
}
