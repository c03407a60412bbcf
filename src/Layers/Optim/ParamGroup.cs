using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// A list of parameters with their own option values (PyTorch's param_groups entry). Options the group does not
/// set take the optimizer's defaults; schedulers write "lr" (and keep "initial_lr", "max_lr", ... here too).
/// </summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        Params = parameters.ToList();
        Options = options == null ? [] : new Dictionary<string, double>(options);
    }

    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>Option values by PyTorch's names: lr, momentum, weight_decay, beta1, beta2, eps, ...</summary>
    public Dictionary<string, double> Options { get; }

    public double Lr
    {
        get => this["lr"];
        set => Options["lr"] = value;
    }

    public double this[string option]
    {
        get => Options.TryGetValue(option, out var value) ? value
            : throw new KeyNotFoundException($"parameter group has no option '{option}' (it has {string.Join(", ", Options.Keys)})");
        set => Options[option] = value;
    }

    /// <summary>On/off options (nesterov, amsgrad, centered) are stored as 0 or 1.</summary>
    public bool Flag(string option) => this[option] != 0;
}
