using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Sigmoid + binary cross entropy, numerically stable; pos_weight weighs the positive term per class.</summary>
public sealed class BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public Tensor? PosWeight { get; } = posWeight;

    public override Tensor Forward(Tensor input, Tensor target)
        => Functional.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction, PosWeight);
}
