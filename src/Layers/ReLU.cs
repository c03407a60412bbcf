using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>max(0, x).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}
