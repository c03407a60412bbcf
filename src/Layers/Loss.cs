using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>A loss criterion (nn.*Loss): settings fixed at construction, Forward(input, target) → loss.</summary>
public abstract class Loss(Reduction reduction)
{
    public Reduction Reduction { get; } = reduction;

    public abstract Tensor Forward(Tensor input, Tensor target);

    public Tensor Call(Tensor input, Tensor target) => Forward(input, target);
}
