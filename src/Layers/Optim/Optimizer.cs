using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.Optimizer: parameter groups with option values, per-parameter state, Step() under no-grad,
/// ZeroGrad() and a state dict for resuming runs. Subclasses supply the update rule for one parameter.
/// </summary>
public abstract class Optimizer
{
    private readonly List<ParamGroup> paramGroups = [];
    private readonly Dictionary<Tensor, ParameterState> state = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        Defaults = new Dictionary<string, double>(defaults);
        foreach (var group in groups)
        {
            AddParamGroup(group);
        }

        if (paramGroups.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list");
        }
    }

    /// <summary>Option values a group gets when it does not set them.</summary>
    public IReadOnlyDictionary<string, double> Defaults { get; }

    public IReadOnlyList<ParamGroup> ParamGroups => paramGroups;

    /// <summary>Temporaries the update rules reuse between parameters and steps.</summary>
    internal ScratchBuffers Scratch { get; } = new();

    /// <summary>Adds a group (for example unfrozen layers during fine-tuning); missing options take the defaults.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        foreach (var (name, value) in Defaults)
        {
            group.Options.TryAdd(name, value);
        }

        var seen = paramGroups.SelectMany(g => g.Params).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var p in group.Params)
        {
            if (!p.IsLeaf)
            {
                throw new ArgumentException($"{GetType().Name}: can't optimize a non-leaf tensor{NameSuffix(p)}");
            }

            if (!p.DType.IsFloatingPoint())
            {
                throw new ArgumentException($"{GetType().Name}: parameters must be floating point, got {p.DType.Name()}{NameSuffix(p)}");
            }

            if (!seen.Add(p))
            {
                throw new ArgumentException($"{GetType().Name}: some parameters appear in more than one parameter group{NameSuffix(p)}");
            }
        }

        ValidateOptions(group);
        paramGroups.Add(group);
    }

    /// <summary>One update of every parameter that has a gradient; parameters without .Grad are skipped.</summary>
    public void Step()
    {
        using var noGrad = GradMode.NoGrad();
        foreach (var group in paramGroups)
        {
            foreach (var p in group.Params)
            {
                if (p.OwnGrad is not { } grad)
                {
                    continue;
                }

                if (!state.TryGetValue(p, out var parameterState))
                {
                    parameterState = new ParameterState();
                    state[p] = parameterState;
                }

                parameterState.Step++;
                UpdateParameter(p, grad, group, parameterState);
            }
        }
    }

    /// <summary>
    /// Clears gradients: drops them (the default, as PyTorch 2; a gradient nobody read through .Grad goes back to the
    /// host pool for the next backward) or zeroes them in place.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        using var noGrad = GradMode.NoGrad();
        foreach (var p in paramGroups.SelectMany(g => g.Params))
        {
            if (setToNone)
            {
                p.ReleaseGrad();
            }
            else
            {
                p.OwnGrad?.ZeroInPlace();
            }
        }
    }

    /// <summary>The state of <paramref name="parameter"/> (null before its first step).</summary>
    public ParameterState? StateOf(Tensor parameter) => state.GetValueOrDefault(parameter);

    /// <summary>Copies of the state tensors ("{index}.step" is int64) and each group's options.</summary>
    public OptimizerStateDict StateDict()
    {
        var tensors = new OrderedDictionary<string, Tensor>();
        var groups = new List<ParamGroupState>();
        int index = 0;
        foreach (var group in paramGroups)
        {
            var indices = new List<int>();
            foreach (var p in group.Params)
            {
                if (state.TryGetValue(p, out var s))
                {
                    tensors[$"{index}.step"] = Tensor.Scalar(s.Step, DType.Int64);
                    foreach (var (name, buffer) in s.Buffers)
                    {
                        tensors[$"{index}.{name}"] = buffer.Detach().Clone();
                    }
                }

                indices.Add(index++);
            }

            groups.Add(new ParamGroupState(new Dictionary<string, double>(group.Options), indices));
        }

        return new OptimizerStateDict(tensors, groups);
    }

    /// <summary>
    /// Restores a state dict from <see cref="StateDict"/> made for the same parameter layout. Everything is checked
    /// before anything changes, so a mismatch leaves this optimizer as it was.
    /// </summary>
    public void LoadStateDict(OptimizerStateDict stateDict)
    {
        var all = paramGroups.SelectMany(g => g.Params).ToList();
        if (stateDict.ParamGroups.Count != paramGroups.Count)
        {
            throw new ArgumentException($"loaded state dict has {stateDict.ParamGroups.Count} parameter groups, this optimizer has {paramGroups.Count}");
        }

        for (int g = 0; g < paramGroups.Count; g++)
        {
            if (stateDict.ParamGroups[g].ParamIndices.Count != paramGroups[g].Params.Count)
            {
                throw new ArgumentException($"loaded state dict's group {g} has {stateDict.ParamGroups[g].ParamIndices.Count} parameters, this optimizer's has {paramGroups[g].Params.Count}");
            }
        }

        var restored = new Dictionary<Tensor, ParameterState>(ReferenceEqualityComparer.Instance);
        foreach (var (key, tensor) in stateDict.State)
        {
            int dot = key.IndexOf('.');
            if (dot <= 0 || !int.TryParse(key[..dot], out int index) || index < 0 || index >= all.Count)
            {
                throw new ArgumentException($"optimizer state key '{key}' does not name one of the {all.Count} parameters");
            }

            var p = all[index];
            string name = key[(dot + 1)..];
            if (!restored.TryGetValue(p, out var s))
            {
                s = new ParameterState();
                restored[p] = s;
            }

            if (name == "step")
            {
                s.Step = (long)tensor.Item();
            }
            else if (!tensor.Shape.SequenceEqual(p.Shape))
            {
                throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", tensor.Shape)}], its parameter has [{string.Join(", ", p.Shape)}]");
            }
            else
            {
                // on the parameter's device and dtype, as torch.optim casts loaded state
                s.Buffers[name] = tensor.Detach().To(p.DType).To(p.Device).Contiguous().Clone();
            }
        }

        state.Clear();
        foreach (var (p, s) in restored)
        {
            state[p] = s;
        }

        for (int g = 0; g < paramGroups.Count; g++)
        {
            foreach (var (name, value) in stateDict.ParamGroups[g].Options)
            {
                paramGroups[g].Options[name] = value;
            }
        }
    }

    /// <summary>The update rule for one parameter; runs under no-grad after the step count was advanced.</summary>
    protected abstract void UpdateParameter(Tensor parameter, Tensor grad, ParamGroup group, ParameterState state);

    /// <summary>Range checks on a group's options, as PyTorch's constructors do.</summary>
    protected virtual void ValidateOptions(ParamGroup group)
    {
        foreach (var name in new[] { "lr", "weight_decay", "eps", "momentum" })
        {
            if (group.Options.TryGetValue(name, out var value) && value < 0)
            {
                throw new ArgumentException($"{GetType().Name}: invalid {name} value: {value}");
            }
        }
    }

    /// <summary>grad + weightDecay * parameter (L2 penalty folded into the gradient), in a scratch buffer.</summary>
    protected Tensor GradWithL2(Tensor parameter, Tensor grad, double weightDecay)
    {
        if (weightDecay == 0)
        {
            return grad;
        }

        var decayed = Scratch.Get(0, parameter);
        RawOps.BinaryInto(decayed, grad, parameter, BinaryOp.AddScaled, weightDecay);
        return decayed;
    }

    protected static IEnumerable<ParamGroup> SingleGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    private static string NameSuffix(Tensor p) => p.Name is { } name ? $" ('{name}')" : "";
}
