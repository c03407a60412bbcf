using System.Text;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// torch.nn.Module: named parameters, buffers and child modules in registration order, train/eval mode, hooks and
/// state dicts with PyTorch's dotted names (<c>layer1.0.conv1.weight</c>, <c>bn1.running_mean</c>).
/// Subclasses register what they own in their constructor and implement <see cref="Forward"/>; callers use
/// <see cref="Call"/>, which runs the hooks around Forward (as PyTorch's <c>module(x)</c> does).
/// </summary>
public abstract class Module
{
    private readonly OrderedDictionary<string, Tensor?> parameters = [];
    private readonly OrderedDictionary<string, Tensor?> buffers = [];
    private readonly HashSet<string> nonPersistentBuffers = [];
    private readonly OrderedDictionary<string, Module?> children = [];
    private readonly List<Func<Module, Tensor, Tensor?>> forwardPreHooks = [];
    private readonly List<Func<Module, Tensor, Tensor, Tensor?>> forwardHooks = [];
    private readonly List<Action<Module, Tensor?, Tensor>> backwardHooks = [];

    /// <summary>Training mode (the default): dropout drops, batch norm uses and updates batch statistics.</summary>
    public bool IsTraining { get; internal set; } = true;

    /// <summary>Whether any forward pre-hook, forward hook or backward hook is registered (a container must then call this module itself).</summary>
    internal bool HasHooks => forwardPreHooks.Count + forwardHooks.Count + backwardHooks.Count > 0;

    /// <summary>The name shown by <see cref="ToString"/> and <see cref="Summary"/> (the class name by default).</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>The computation; call <see cref="Call"/> instead to run hooks too.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// Runs forward pre-hooks, <see cref="Forward"/>, forward hooks, and arms the backward hooks: PyTorch's module(x).
    /// A tensor a hook sees may be kept by it, so it is marked shared: its owner's Dispose leaves it to the GC.
    /// </summary>
    public Tensor Call(Tensor input)
    {
        foreach (var hook in forwardPreHooks.ToArray())
        {
            input = hook(this, input.MarkShared())?.MarkShared() ?? input;
        }

        bool watchBackward = backwardHooks.Count > 0 && GradMode.IsEnabled;
        Tensor? gradOutput = null;
        bool inputTracked = watchBackward && input.RequiresGrad;
        if (inputTracked)
        {
            // an identity node on the input: its backward sees dL/dinput once the module's backward is done
            input = Graph.Record("BackwardHookFunctionBackward", input.Detach(), [input], g =>
            {
                foreach (var hook in backwardHooks.ToArray())
                {
                    hook(this, g.MarkShared(), (gradOutput ?? g).MarkShared());
                }

                return [g];
            }, saved: []);
        }

        Tensor output;
        // leaves only, so nested modules are not counted twice
        using (children.Count == 0 ? Profiler.Measure("forward", TypeName) : default)
        {
            output = Forward(input);
        }
        foreach (var hook in forwardHooks.ToArray())
        {
            output = hook(this, input.MarkShared(), output.MarkShared())?.MarkShared() ?? output;
        }

        if (watchBackward && output.RequiresGrad)
        {
            output.RegisterHook(g =>
            {
                gradOutput = g;
                if (!inputTracked)
                {
                    foreach (var hook in backwardHooks.ToArray())
                    {
                        hook(this, null, g);
                    }
                }

                return null;
            });
        }

        return output;
    }

    // ---------------------------------------------------------------- registration

    /// <summary>Registers (or replaces) a parameter; it is made to require grad, as nn.Parameter does. Null keeps the name with no tensor.</summary>
    public Tensor? RegisterParameter(string name, Tensor? parameter)
    {
        CheckName(name, parameters);
        if (parameter is { RequiresGrad: false, IsLeaf: true })
        {
            parameter.RequiresGrad = true;
        }
        else if (parameter is { IsLeaf: false })
        {
            throw new ArgumentException($"parameter '{name}' must be a leaf tensor (use Detach())");
        }

        parameters[name] = parameter;
        return parameter;
    }

    /// <summary>Registers (or replaces) a buffer: state that is not trained (running statistics); persistent ones are in the state dict.</summary>
    public Tensor? RegisterBuffer(string name, Tensor? buffer, bool persistent = true)
    {
        CheckName(name, buffers);
        buffers[name] = buffer;
        if (persistent)
        {
            nonPersistentBuffers.Remove(name);
        }
        else
        {
            nonPersistentBuffers.Add(name);
        }

        return buffer;
    }

    /// <summary>Registers (or replaces) a child module under <paramref name="name"/>.</summary>
    public T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckName(name, children);
        children[name] = module;
        return module;
    }

    private void CheckName<T>(string name, OrderedDictionary<string, T> kind)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
        {
            throw new ArgumentException($"invalid name \"{name}\": must be non-empty and contain no \".\"");
        }

        bool taken = (parameters.ContainsKey(name) && !ReferenceEquals(kind, parameters))
            || (buffers.ContainsKey(name) && !ReferenceEquals(kind, buffers))
            || (children.ContainsKey(name) && !ReferenceEquals(kind, children));
        if (taken)
        {
            throw new ArgumentException($"attribute \"{name}\" already exists in {TypeName}");
        }
    }

    /// <summary>The parameter registered under <paramref name="name"/> in this module (not children); null if none.</summary>
    public Tensor? GetParameter(string name) => parameters.GetValueOrDefault(name);

    public Tensor? GetBuffer(string name) => buffers.GetValueOrDefault(name);

    /// <summary>A descendant by dotted path ("layer1.0.conv1"); "" is this module.</summary>
    public Module GetSubmodule(string path)
    {
        Module current = this;
        if (path.Length == 0)
        {
            return current;
        }

        foreach (var part in path.Split('.'))
        {
            current = current.children.GetValueOrDefault(part)
                ?? throw new ArgumentException($"{current.TypeName} has no submodule \"{part}\" (path \"{path}\")");
        }

        return current;
    }

    /// <summary>The direct child named <paramref name="name"/>, or null.</summary>
    public Module? GetSubmoduleOrNull(string name) => children.GetValueOrDefault(name);

    /// <summary>A parameter this module's layers cannot work without.</summary>
    protected Tensor RequiredParameter(string name)
        => parameters.GetValueOrDefault(name) ?? throw new InvalidOperationException($"{TypeName}: parameter \"{name}\" is not set");

    protected Tensor RequiredBuffer(string name)
        => buffers.GetValueOrDefault(name) ?? throw new InvalidOperationException($"{TypeName}: buffer \"{name}\" is not set");

    // ---------------------------------------------------------------- traversal

    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var (name, module) in children)
        {
            if (module != null)
            {
                yield return (name, module);
            }
        }
    }

    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>This module ("") and every descendant with its dotted path, depth first, each module once.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModulesCore(prefix, seen);
    }

    private IEnumerable<(string Name, Module Module)> NamedModulesCore(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this))
        {
            yield break;
        }

        yield return (prefix, this);
        foreach (var (name, child) in NamedChildren())
        {
            foreach (var entry in child.NamedModulesCore(Join(prefix, name), seen))
            {
                yield return entry;
            }
        }
    }

    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>Parameters with dotted names (own first, then each child's), each tensor once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true)
        => NamedTensors(m => m.parameters, recurse, persistentOnly: false);

    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
        => NamedTensors(m => m.buffers, recurse, persistentOnly: false);

    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse).Select(b => b.Buffer);

    private IEnumerable<(string, Tensor)> NamedTensors(Func<Module, OrderedDictionary<string, Tensor?>> pick, bool recurse, bool persistentOnly)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var modules = recurse ? NamedModules() : [("", this)];
        foreach (var (prefix, module) in modules)
        {
            foreach (var (name, tensor) in pick(module))
            {
                if (tensor != null && !(persistentOnly && module.nonPersistentBuffers.Contains(name)) && seen.Add(tensor))
                {
                    yield return (Join(prefix, name), tensor);
                }
            }
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    // ---------------------------------------------------------------- modes, gradients, conversion

    /// <summary>Sets training mode on this module and every descendant; returns this.</summary>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var child in Children())
        {
            child.Train(mode);
        }

        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Calls <paramref name="fn"/> on every descendant, then on this module (children first, as PyTorch).</summary>
    public Module Apply(Action<Module> fn)
    {
        foreach (var child in Children())
        {
            child.Apply(fn);
        }

        fn(this);
        return this;
    }

    /// <summary>Freezes (false) or unfreezes (true) every parameter: PyTorch's requires_grad_().</summary>
    public Module RequiresGrad(bool requiresGrad = true)
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = requiresGrad;
        }

        return this;
    }

    /// <summary>Drops every parameter's gradient (set_to_none=True, PyTorch 2's default) or zeroes it in place.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
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

    /// <summary>Number of parameter elements (only those that require grad when <paramref name="trainableOnly"/>).</summary>
    public long ParameterCount(bool trainableOnly = false)
        => Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Numel);

    /// <summary>Converts floating-point parameters and buffers to <paramref name="dtype"/> (model.double()); gradients are dropped.</summary>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloatingPoint())
        {
            throw new ArgumentException($"to: modules can only be converted to a floating-point dtype, got {dtype.Name()}");
        }

        return ReplaceTensors(t => t.DType.IsFloatingPoint() && t.DType != dtype ? t.To(dtype) : null);
    }

    /// <summary>
    /// Moves every parameter and buffer (and gradient) to <paramref name="device"/> in place, as model.to(device): the
    /// parameter objects stay the same, so an optimizer made before still updates them. Forward then runs there;
    /// inputs have to be moved by the caller (<see cref="Device"/> says where).
    /// </summary>
    public Module To(Device device)
    {
        foreach (var t in Parameters().Concat(Buffers()))
        {
            t.MoveDataTo(device);
        }

        return this;
    }

    /// <summary>Where the parameters live (the CPU for a module without any).</summary>
    public Device Device => Parameters().FirstOrDefault()?.Device ?? Device.Cpu;

    // Replaces each parameter and buffer for which convert gives a tensor; parameters keep requires_grad, lose .Grad.
    private Module ReplaceTensors(Func<Tensor, Tensor?> convert)
    {
        foreach (var module in Modules())
        {
            foreach (var name in module.parameters.Keys.ToArray())
            {
                if (module.parameters[name] is { } p && convert(p.Detach()) is { } converted)
                {
                    converted.RequiresGrad = p.RequiresGrad;
                    module.parameters[name] = converted;
                }
            }

            foreach (var name in module.buffers.Keys.ToArray())
            {
                if (module.buffers[name] is { } b && convert(b) is { } converted)
                {
                    module.buffers[name] = converted;
                }
            }
        }

        return this;
    }

    // ---------------------------------------------------------------- hooks

    /// <summary>Called with the input before Forward; returning a tensor replaces the input.</summary>
    public HookHandle RegisterForwardPreHook(Func<Module, Tensor, Tensor?> hook) => Add(forwardPreHooks, hook);

    /// <summary>Called with (module, input, output) after Forward; returning a tensor replaces the output.</summary>
    public HookHandle RegisterForwardHook(Func<Module, Tensor, Tensor, Tensor?> hook) => Add(forwardHooks, hook);

    /// <summary>Called with (module, input, output) after Forward (activation capture).</summary>
    public HookHandle RegisterForwardHook(Action<Module, Tensor, Tensor> hook)
        => Add(forwardHooks, (m, i, o) =>
        {
            hook(m, i, o);
            return null;
        });

    /// <summary>
    /// Called during backward with (module, dL/dinput, dL/doutput) once the module's input gradient is known;
    /// dL/dinput is null when the input does not require grad (PyTorch's register_full_backward_hook).
    /// </summary>
    public HookHandle RegisterFullBackwardHook(Action<Module, Tensor?, Tensor> hook) => Add(backwardHooks, hook);

    private static HookHandle Add<T>(List<T> list, T hook)
    {
        list.Add(hook);
        return new HookHandle(() => list.Remove(hook));
    }

    // ---------------------------------------------------------------- state dict

    /// <summary>
    /// Parameters and persistent buffers by dotted name, in PyTorch's order (a module's own parameters, then its own
    /// buffers, then each child's). Values share storage with the model (detached), as PyTorch's state_dict does.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>();
        foreach (var (key, tensor) in StateEntries())
        {
            dict[key] = tensor.Detach();
        }

        return dict;
    }

    /// <summary>Every state-dict entry with the model's own tensor (not deduplicated: shared tensors appear under each name).</summary>
    private IEnumerable<(string Key, Tensor Tensor)> StateEntries(string prefix = "")
    {
        foreach (var (name, p) in parameters)
        {
            if (p != null)
            {
                yield return (Join(prefix, name), p);
            }
        }

        foreach (var (name, b) in buffers)
        {
            if (b != null && !nonPersistentBuffers.Contains(name))
            {
                yield return (Join(prefix, name), b);
            }
        }

        foreach (var (name, child) in NamedChildren())
        {
            foreach (var entry in child.StateEntries(Join(prefix, name)))
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Copies checkpoint tensors into the model's parameters and buffers (in place, converting dtype). Strict: any
    /// missing, unexpected or wrongly shaped key throws <see cref="StateDictException"/> and nothing is loaded.
    /// Non-strict: every matching entry is loaded and the problems are returned.
    /// </summary>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        var own = StateEntries().ToList();
        var ownKeys = own.Select(e => e.Key).ToHashSet();
        var missing = own.Where(e => !stateDict.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var unexpected = stateDict.Keys.Where(k => !ownKeys.Contains(k)).ToList();
        var mismatched = new List<StateDictMismatch>();
        var toCopy = new List<(Tensor Destination, Tensor Source)>();
        foreach (var (key, tensor) in own)
        {
            if (!stateDict.TryGetValue(key, out var source))
            {
                continue;
            }

            if (!source.Shape.AsSpan().SequenceEqual(tensor.Shape))
            {
                mismatched.Add(new StateDictMismatch(key, tensor.Shape, source.Shape));
                continue;
            }

            toCopy.Add((tensor, source));
        }

        var result = new LoadStateDictResult(missing, unexpected, mismatched);
        if (strict && !result.IsClean)
        {
            throw new StateDictException(TypeName, result);
        }

        using (GradMode.NoGrad())
        {
            foreach (var (destination, source) in toCopy)
            {
                destination.CopyFrom(source);
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- printing

    /// <summary>The layer's settings for <see cref="ToString"/> ("in_features=4, out_features=2, bias=True").</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>PyTorch's module repr: the tree of named children with each layer's settings.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(TypeName).Append('(').Append(ExtraRepr());
        var kids = NamedChildren().ToList();
        if (kids.Count > 0)
        {
            text.Append('\n');
            foreach (var (name, child) in kids)
            {
                var childText = child.ToString().Replace("\n", "\n  ");
                text.Append("  (").Append(name).Append("): ").Append(childText).Append('\n');
            }
        }

        return text.Append(')').ToString();
    }

    /// <summary>PyTorch's bool spelling in reprs.</summary>
    protected static string Py(bool value) => value ? "True" : "False";
}
