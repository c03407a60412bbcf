using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>
/// A node of the recorded graph: the op's name, its inputs, and its backward rule, which maps the gradient of the
/// output to one gradient per input (null where an input needs none). The rule is a closure over what the forward
/// saved; the node holds the storages of the tensors whose elements the rule reads (<see cref="Graph.Record"/>), so
/// they outlive the tensors' owners disposing them. Releasing the node (backward does, once it has run the rule)
/// drops the rule and lets go of those storages: that is how the graph's memory is freed, node by node.
/// </summary>
public sealed class GradFn
{
    private Func<Tensor, Tensor?[]>? backward;
    private Storage[]? saved;

    internal GradFn(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Storage[] saved)
    {
        Name = name;
        Inputs = inputs;
        this.backward = backward;
        foreach (var storage in saved)
        {
            storage.Hold();
        }

        this.saved = saved;
    }

    public string Name { get; }

    public IReadOnlyList<Tensor> Inputs { get; private set; }

    public bool IsReleased => backward == null;

    internal Tensor?[] Apply(Tensor gradOutput)
    {
        var rule = backward ?? throw new InvalidOperationException(
            $"backward through '{Name}' a second time: its saved tensors were freed after the first backward; pass retainGraph: true the first time");
        return rule(gradOutput);
    }

    internal void Release()
    {
        backward = null;
        var storages = Interlocked.Exchange(ref saved, null);
        foreach (var storage in storages ?? [])
        {
            storage.Release();
        }
    }
}
