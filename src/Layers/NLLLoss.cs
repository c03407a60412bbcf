using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Negative log-likelihood of log-probabilities at class indices.</summary>
public sealed class NLLLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public long IgnoreIndex { get; } = ignoreIndex;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
