using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>tanh(x).</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
