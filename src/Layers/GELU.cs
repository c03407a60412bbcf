using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>x Φ(x) (the exact, erf-based form).</summary>
public sealed class GELU : Module
{
    public override Tensor Forward(Tensor input) => Functional.Gelu(input);
}
