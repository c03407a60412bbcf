using System.Collections;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Runs its children in order; they are named "0", "1", ... unless given names.</summary>
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

    public override Tensor Forward(Tensor input)
    {
        foreach (var layer in layers)
        {
            input = layer.Call(input);
        }

        return input;
    }

    public IEnumerator<Module> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
