using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>1 / (1 + e^-x).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
