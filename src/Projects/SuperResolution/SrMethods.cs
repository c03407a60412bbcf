namespace IlgpuNet.SuperResolution;

/// <summary>The methods an evaluation compares: the two interpolation baselines, then trained networks.</summary>
public static class SrMethods
{
    public static IReadOnlyList<ISuperResolver> WithBaselines(int scale, IEnumerable<ISuperResolver> networks) =>
        [InterpolationResolver.Bilinear(scale), InterpolationResolver.Bicubic(scale), .. networks];

    /// <summary>
    /// Weights for <paramref name="scale"/> from files or folders (every *.safetensors inside); none given means the
    /// shipped weights. Names must be unique, since they label the results.
    /// </summary>
    public static IReadOnlyList<SrWeightsFile> LoadWeights(IReadOnlyList<string> paths, int scale)
    {
        if (paths.Count == 0 && !Directory.Exists(SrWeights.ShippedDirectory))
        {
            return []; // a build without shipped weights still evaluates the baselines
        }

        var sources = paths.Count > 0 ? paths : [SrWeights.ShippedDirectory];
        var loaded = new List<SrWeightsFile>();
        foreach (var path in sources)
        {
            if (Directory.Exists(path))
            {
                loaded.AddRange(SrWeights.FindAll(path, scale));
                continue;
            }

            var file = SrWeights.Load(path);
            if (file.Network.Scale != scale)
            {
                throw new ArgumentException($"{path} holds x{file.Network.Scale} weights, not x{scale}");
            }

            loaded.Add(file);
        }

        var duplicate = loaded.GroupBy(w => w.Network.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            throw new ArgumentException($"two weights files are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(w => w.Path))}");
        }

        return loaded;
    }

    /// <summary>The network with the best validation PSNR recorded at training (the shipped choice for `sr upscale`).</summary>
    /// <param name="searched">The --weights files and folders given (empty: the shipped folder was searched), named when none fits.</param>
    public static SrWeightsFile Best(IReadOnlyList<SrWeightsFile> weights, int scale, IReadOnlyList<string> searched) =>
        weights.Count == 0
            ? throw new FileNotFoundException(searched.Count == 0
                ? $"no x{scale} weights found (looked in {SrWeights.ShippedDirectory}); pass --weights FILE"
                : $"--weights {string.Join(" ", searched)}: no x{scale} weights there (*.safetensors written by sr train at --scale {scale})")
            : weights.OrderByDescending(w => double.IsNaN(w.ValidationPsnr) ? double.NegativeInfinity : w.ValidationPsnr).First();
}
