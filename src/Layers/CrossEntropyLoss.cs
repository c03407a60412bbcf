using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Cross entropy of logits against class indices or class probabilities (see <see cref="Functional.CrossEntropy"/>).</summary>
public sealed class CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public long IgnoreIndex { get; } = ignoreIndex;

    public double LabelSmoothing { get; } = labelSmoothing;

    public override Tensor Forward(Tensor input, Tensor target)
        => Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
