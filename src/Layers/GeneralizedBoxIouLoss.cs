using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Box regression by generalized IoU: 1 - GIoU of each predicted (x1, y1, x2, y2) box with its target, which still has a
/// gradient when the boxes do not overlap. See <see cref="Functional.GeneralizedBoxIouLoss"/>.
/// </summary>
public sealed class GeneralizedBoxIouLoss(Reduction reduction = Reduction.Mean, double eps = 1e-7) : Loss(reduction)
{
    public double Eps { get; } = eps;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.GeneralizedBoxIouLoss(input, target, Reduction, Eps);
}
