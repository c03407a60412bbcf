using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Binary cross entropy of probabilities.</summary>
public sealed class BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
}
