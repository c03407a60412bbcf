using System.Collections;
using IlgpuNet.Autograd;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Runs its children in order; they are named "0", "1", ... unless given names. An output passed on to the next child
/// is disposed once that child has run, so its memory is back in the pool as soon as backward no longer needs it.
/// Three pairs run differently when neither module has hooks, with the same values and gradients: a batch norm
/// followed by a ReLU runs as one op that never writes the normalised map (<see cref="BatchNorm.CallRectified"/>), a
/// ReLU followed by a Linear runs as one op that never writes the ReLU's output (<see cref="Functional.ReluLinear"/>),
/// and a ReLU followed by a MaxPool2d pools first (max commutes with the non-decreasing ReLU, and where a window's max
/// is not positive both orders pass no gradient), so the ReLU works on the pooled map: a quarter of it for 2×2 pools.
/// </summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> layers = [];

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules)
        {
            Add(m);
        }
    }

    /// <summary>Named children (PyTorch's Sequential(OrderedDict(...))).</summary>
    public Sequential(IEnumerable<(string Name, Module Module)> modules)
    {
        foreach (var (name, m) in modules)
        {
            layers.Add(RegisterModule(name, m));
        }
    }

    public int Count => layers.Count;

    public Module this[int index] => layers[index < 0 ? index + layers.Count : index];

    /// <summary>Appends a module under the next index.</summary>
    public Sequential Add(Module module)
    {
        layers.Add(RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    // Each layer's output is released once the next layer has taken it (its node keeps what backward needs).
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is ReLU { HasHooks: false } && i + 1 < layers.Count && layers[i + 1] is Linear linear)
            {
                x = spent.Then(x, linear.CallRectified);
                i++;
                continue;
            }

            if (layers[i] is BatchNorm && i + 1 < layers.Count && layers[i + 1] is ReLU)
            {
                var (norm, rectifier) = (layers[i], layers[i + 1]);
                x = spent.Then(x, x => BatchNorm.CallThenRelu(norm, rectifier, x));
                i++;
                continue;
            }

            if (layers[i] is ReLU { HasHooks: false } relu && i + 1 < layers.Count && layers[i + 1] is MaxPool2d { HasHooks: false } pool)
            {
                x = spent.Then(x, pool.Call);
                x = spent.Then(x, relu.Call);
                i++;
                continue;
            }

            x = spent.Then(x, layers[i].Call);
        }

        return x;
    }

    public IEnumerator<Module> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
