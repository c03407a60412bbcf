using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// BCEcls: sigmoid + binary cross-entropy of (N, C) class logits against one-hot targets of int64 class indices (N),
/// with YOLOv5's label smoothing (targets 1 - ε/2 and ε/2). See <see cref="Functional.OneHotBinaryCrossEntropyWithLogits"/>.
/// </summary>
public sealed class OneHotBCEWithLogitsLoss(double labelSmoothing = 0, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : Loss(reduction)
{
    public double LabelSmoothing { get; } = labelSmoothing;

    public Tensor? PosWeight { get; } = posWeight;

    public override Tensor Forward(Tensor input, Tensor target)
        => Functional.OneHotBinaryCrossEntropyWithLogits(input, target, LabelSmoothing, Reduction, PosWeight);
}
