using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Returns its input (a placeholder, e.g. for a removed max-pool or classifier).</summary>
public sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
}
