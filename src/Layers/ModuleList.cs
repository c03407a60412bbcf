using System.Collections;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Holds modules under "0", "1", ... so their parameters are registered; it has no forward of its own.</summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> items = [];

    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules)
        {
            Add(m);
        }
    }

    public int Count => items.Count;

    public Module this[int index] => items[index < 0 ? index + items.Count : index];

    public ModuleList Add(Module module)
    {
        items.Add(RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    public override Tensor Forward(Tensor input)
        => throw new NotSupportedException("ModuleList has no forward: iterate over it and call its modules");

    public IEnumerator<Module> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
