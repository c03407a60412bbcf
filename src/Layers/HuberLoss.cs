using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Squared below delta, delta-scaled absolute above.</summary>
public sealed class HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : Loss(reduction)
{
    public double Delta { get; } = delta;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);
}
