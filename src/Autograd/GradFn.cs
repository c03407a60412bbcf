using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>
/// A node of the recorded graph: the op's name, its inputs, and its backward rule, which maps the gradient of the
/// output to one gradient per input (null where an input needs none). The rule is a closure over what the forward
/// saved; releasing the node drops it, which is how the graph is freed after backward.
/// </summary>
public sealed class GradFn
{
    private Func<Tensor, Tensor?[]>? backward;

    internal GradFn(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        Name = name;
        Inputs = inputs;
        this.backward = backward;
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
    }
}
