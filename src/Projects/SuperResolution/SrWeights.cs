using System.Globalization;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// Trained super-resolution weights as a safetensors file: the model's state dict under PyTorch-style names, and
/// metadata saying what it is (architecture, scale, name) and how it was trained (command, epochs, time, validation PSNR).
/// </summary>
public static class SrWeights
{
    public const string FormatName = "ilgpunet.sr-weights.v1";

    /// <summary>The weights shipped with the program (copied from the repository's weights/sr at build time).</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "weights", "sr");

    /// <summary>Metadata keys every file carries; <paramref name="training"/> adds the rest.</summary>
    public static void Save(string path, SrNetwork network, IReadOnlyDictionary<string, string> training)
    {
        var metadata = new Dictionary<string, string>(training)
        {
            ["format"] = FormatName,
            ["architecture"] = network.Architecture,
            ["scale"] = network.Scale.ToString(CultureInfo.InvariantCulture),
            ["name"] = network.Name,
            ["luma_offset"] = network.LumaOffset.ToString("R", CultureInfo.InvariantCulture),
        };
        SafeTensors.Write(path, network.Model.StateDict(), metadata);
    }

    /// <exception cref="InvalidDataException">The file is not super-resolution weights, or they do not fit the architecture it names.</exception>
    public static SrWeightsFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"weights file {path} does not exist", path);
        }

        var file = SafeTensors.Read(path);
        var meta = file.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != FormatName)
        {
            throw new InvalidDataException($"{path}: not super-resolution weights (metadata 'format' is {(format == null ? "missing" : $"'{format}'")}, expected '{FormatName}')");
        }

        if (!meta.TryGetValue("architecture", out var architecture) || !SrNetwork.Architectures.Contains(architecture))
        {
            throw new InvalidDataException($"{path}: metadata 'architecture' must be one of {string.Join(", ", SrNetwork.Architectures)}, got '{architecture}'");
        }

        if (!meta.TryGetValue("scale", out var scaleText) || !int.TryParse(scaleText, NumberStyles.None, CultureInfo.InvariantCulture, out int scale) || scale < 2)
        {
            throw new InvalidDataException($"{path}: metadata 'scale' must be an integer of at least 2, got '{scaleText}'");
        }

        double offset = 0;
        if (meta.TryGetValue("luma_offset", out var offsetText) && !double.TryParse(offsetText, NumberStyles.Float, CultureInfo.InvariantCulture, out offset))
        {
            throw new InvalidDataException($"{path}: metadata 'luma_offset' must be a number, got '{offsetText}'");
        }

        var network = SrNetwork.Create(architecture, scale, meta.GetValueOrDefault("name") ?? architecture);
        network.LumaOffset = offset;
        try
        {
            network.Model.LoadStateDict(file.Tensors);
        }
        catch (StateDictException error)
        {
            throw new InvalidDataException($"{path}: the weights do not fit {architecture} x{scale}: {error.Message}", error);
        }

        return new SrWeightsFile(path, network, meta);
    }

    /// <summary>Every weights file for <paramref name="scale"/> in <paramref name="directory"/>, sorted by name.</summary>
    public static IReadOnlyList<SrWeightsFile> FindAll(string directory, int scale)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"weights folder {directory} does not exist");
        }

        return Directory.EnumerateFiles(directory, "*.safetensors")
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .Where(w => w.Network.Scale == scale)
            .ToArray();
    }
}
