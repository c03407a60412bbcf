using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors;

namespace IlgpuNet.Training;

/// <summary>
/// Starting a network from someone else's weights, as the course's transfer-learning parts do: read a torchvision
/// state dict (.pth), load everything but the classifier head (its class count differs), freeze all but the layers
/// that are to be trained.
/// </summary>
public static class PretrainedWeights
{
    /// <summary>A torchvision state dict; <paramref name="expectedFile"/> names the file users should pass, <paramref name="requiredKey"/> proves the architecture.</summary>
    public static IReadOnlyDictionary<string, Tensor> ReadTorchvision(string path, string expectedFile, string requiredKey)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--pretrained {path}: no such file (expected torchvision's {expectedFile})");
        }

        var weights = PthReader.ReadStateDict(path);
        if (!weights.ContainsKey(requiredKey))
        {
            throw new InvalidDataException($"--pretrained {path}: not the state dict of {expectedFile} (no {requiredKey})");
        }

        return weights;
    }

    /// <summary>
    /// Loads every tensor of <paramref name="weights"/> outside <paramref name="headPrefix"/> (the new head keeps its
    /// fresh initialisation) and fails unless that covers the whole model but its head.
    /// </summary>
    public static void LoadExceptHead(Module model, IReadOnlyDictionary<string, Tensor> weights, string headPrefix)
    {
        bool InHead(string key) => key.StartsWith(headPrefix, StringComparison.Ordinal);
        var loaded = model.LoadStateDict(weights.Where(p => !InHead(p.Key)).ToDictionary(), strict: false);
        if (loaded.UnexpectedKeys.Count > 0 || loaded.ShapeMismatches.Count > 0 || loaded.MissingKeys.Any(k => !InHead(k)))
        {
            throw new InvalidDataException($"the pretrained weights do not fit {model.TypeName} apart from its {headPrefix.TrimEnd('.')}: {loaded}");
        }
    }

    /// <summary>Freezes every parameter, then unfreezes the named submodules; returns the parameters left to train.</summary>
    public static IReadOnlyList<Tensor> TrainOnly(Module model, params string[] submodules)
    {
        model.RequiresGrad(false);
        foreach (var name in submodules)
        {
            model.GetSubmodule(name).RequiresGrad(true);
        }

        return model.Parameters().Where(p => p.RequiresGrad).ToList();
    }
}
