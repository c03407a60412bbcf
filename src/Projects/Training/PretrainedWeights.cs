using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Training;

/// <summary>
/// Starting a network from someone else's weights, as the course's transfer-learning parts do: read a torchvision
/// state dict (.pth), load everything but the classifier head (its class count differs), freeze all but the layers
/// that are to be trained.
/// </summary>
public static class PretrainedWeights
{
    /// <summary>
    /// A torchvision state dict: <paramref name="pretrained"/> is a .pth file or FILE:KEY for one nested in a training
    /// checkpoint, <paramref name="stripPrefix"/> a prefix every key carries ("module."). <paramref name="expectedFile"/>
    /// names the file users should pass, <paramref name="requiredKey"/> proves the architecture. A wrapped state dict
    /// given without the selector or prefix is refused with the keys found and the option that loads it.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> ReadTorchvision(string pretrained, string? stripPrefix, string expectedFile, string requiredKey)
    {
        var source = StateDictSource.Parse(pretrained, stripPrefix);
        if (!File.Exists(source.Path))
        {
            throw new FileNotFoundException($"--pretrained {source.Path}: no such file (expected torchvision's {expectedFile})");
        }

        var file = PthReader.Read(source.Path);
        var weights = file.Select(source);
        if (!weights.ContainsKey(requiredKey))
        {
            string hint = file.Hint(source);
            throw new InvalidFileException(source.Path, $"not the state dict of {expectedFile} (no {requiredKey}); " +
                (hint.Length > 0 ? hint : $"keys found: {string.Join(", ", weights.Keys.Take(4))}{(weights.Count > 4 ? ", ..." : "")} ({weights.Count} tensors)"));
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

    /// <summary>
    /// Freezes every parameter whose name (<see cref="Module.NamedParameters"/>) starts with one of
    /// <paramref name="prefixes"/> ("backbone.", "neck.") and returns the parameters left to train. A prefix that
    /// names no parameter is an error, since a misspelt one would silently train everything.
    /// </summary>
    public static IReadOnlyList<Tensor> FreezeByPrefix(Module model, params string[] prefixes)
    {
        var named = model.NamedParameters().ToList();
        foreach (var prefix in prefixes.Where(prefix => !named.Any(p => p.Name.StartsWith(prefix, StringComparison.Ordinal))))
        {
            throw new ArgumentException($"no parameter of {model.TypeName} starts with '{prefix}' (its parameters start with {string.Join(", ", named.Select(p => p.Name.Split('.')[0] + ".").Distinct())})");
        }

        foreach (var (name, parameter) in named)
        {
            parameter.RequiresGrad = !prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        }

        return named.Where(p => p.Parameter.RequiresGrad).Select(p => p.Parameter).ToList();
    }

    /// <summary>
    /// Puts every submodule whose parameters are all frozen into eval mode (call it after <c>model.Train()</c>): its batch
    /// norms then normalise with the running statistics they were pretrained with and leave them unchanged, as
    /// torchvision's detection backbones freeze theirs, so a frozen part computes exactly what it did before fine-tuning.
    /// </summary>
    public static void KeepFrozenInEvalMode(Module model)
    {
        foreach (var (_, module) in model.NamedModules())
        {
            var parameters = module.Parameters().ToList();
            if (parameters.Count > 0 && parameters.All(p => !p.RequiresGrad))
            {
                module.Eval();
            }
        }
    }
}
