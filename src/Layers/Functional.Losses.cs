using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Losses, with PyTorch's formulas and reductions (the defaults are reduction='mean').</summary>
public static partial class Functional
{
    /// <summary>
    /// Cross entropy of logits <paramref name="input"/> (N, C), (N, C, d1, ...) or (C). Target: class indices (N, d1, ...)
    /// int64, or class probabilities of the input's shape (float). Class weights, ignore_index (index targets) and
    /// label smoothing follow PyTorch exactly, including its mean-reduction denominators: with index targets, the
    /// sum of the targets' weights over non-ignored positions (both for the NLL and the smoothing term); with
    /// probability targets, the number of positions N·d1·… (weights do not enter the denominator).
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        if (!target.DType.IsFloatingPoint())
        {
            return LossFunctions.CrossEntropy(input, target, weight, ignoreIndex, labelSmoothing, ToLoss(reduction));
        }

        int classDim = input.Rank == 1 ? 0 : 1;
        var logp = input.LogSoftmax(classDim);

        // probability targets: loss_i = -sum_c w_c q_ic logp_ic, with q smoothed toward uniform
        if (!target.Shape.AsSpan().SequenceEqual(input.Shape))
        {
            throw new ArgumentException($"cross_entropy: probability target of shape {ShapeRules.Format(target.Shape)} must match input {ShapeRules.Format(input.Shape)}");
        }

        int classes = input.Size(classDim);
        var q = labelSmoothing > 0 ? target.Mul(1 - labelSmoothing).Add(labelSmoothing / classes) : target;
        var terms = logp.Mul(q);
        if (weight != null)
        {
            terms = terms.Mul(weight.Reshape([classes, .. Enumerable.Repeat(1, input.Rank - classDim - 1)]));
        }

        return reduction switch
        {
            Reduction.None => terms.Sum(classDim).Neg(),
            Reduction.Sum => terms.Sum().Neg(),
            _ => terms.Sum().Neg().Div(input.Numel / (double)classes),
        };
    }

    /// <summary>Negative log-likelihood of log-probabilities (N, C, d1, ...) at int64 class targets (N, d1, ...).</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
        => LossFunctions.NllLoss(input, target, weight, ignoreIndex, 0, ToLoss(reduction));

    /// <summary>-w (t log x + (1-t) log(1-x)) on probabilities x, each log clamped at -100 as PyTorch does.</summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape("binary_cross_entropy", input, target);
        var logX = input.Log().Clamp(min: -100);
        var logOneMinusX = input.Neg().Add(1.0).Log().Clamp(min: -100);
        var loss = target.Mul(logX).Add(target.Neg().Add(1.0).Mul(logOneMinusX)).Neg();
        return Reduce(weight == null ? loss : loss.Mul(weight), reduction);
    }

    /// <summary>
    /// Sigmoid + binary cross entropy in the stable form (1-t) x + l (log(1 + e^-|x|) + max(-x, 0)),
    /// l = 1 + (pos_weight - 1) t; pos_weight broadcasts over the last (class) dim.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        Tensor? posWeight = null)
    {
        RequireSameShape("binary_cross_entropy_with_logits", input, target);
        var softplusNeg = input.Abs().Neg().Exp().Add(1.0).Log().Add(input.Neg().Maximum(Tensor.ZerosLike(input)));
        var logWeight = posWeight == null ? softplusNeg : softplusNeg.Mul(posWeight.Sub(1.0).Mul(target).Add(1.0));
        var loss = target.Neg().Add(1.0).Mul(input).Add(logWeight);
        return Reduce(weight == null ? loss : loss.Mul(weight), reduction);
    }

    /// <summary>
    /// BCEcls, the classification loss of YOLO-style detectors: binary cross-entropy with logits of (N, C) class scores
    /// against one-hot targets built from int64 class indices (N), each class its own yes/no question (so classes need
    /// not exclude each other, as YOLOv3 argues). Label smoothing ε moves the targets to 1 - ε/2 and ε/2 (YOLOv5's
    /// smooth_BCE); pos_weight and the reduction are those of <see cref="BinaryCrossEntropyWithLogits"/>, the mean
    /// being over all N·C terms.
    /// </summary>
    public static Tensor OneHotBinaryCrossEntropyWithLogits(Tensor input, Tensor target, double labelSmoothing = 0, Reduction reduction = Reduction.Mean,
        Tensor? posWeight = null)
    {
        const string op = "one_hot_binary_cross_entropy_with_logits";
        if (input.Rank != 2)
        {
            throw new ArgumentException($"{op}: input must be (N, C) class logits, got shape {ShapeRules.Format(input.Shape)}");
        }

        if (target.DType is not (DType.Int64 or DType.Int32) || target.Rank != 1 || target.Size(0) != input.Size(0))
        {
            throw new ArgumentException($"{op}: target must be {input.Size(0)} int64 class indices, got {target.DType.Name()} of shape {ShapeRules.Format(target.Shape)}");
        }

        if (labelSmoothing < 0 || labelSmoothing > 1)
        {
            throw new ArgumentException($"{op}: label_smoothing must be in [0, 1], got {labelSmoothing}");
        }

        // OneHot rejects indices outside [0, C)
        var oneHot = target.Long().OneHot(input.Size(1)).To(input.DType);
        var smoothed = labelSmoothing > 0 ? oneHot.Mul(1 - labelSmoothing).Add(labelSmoothing / 2) : oneHot;
        return BinaryCrossEntropyWithLogits(input, smoothed, null, reduction, posWeight);
    }

    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => Reduce(input.Sub(target).Square(), reduction);

    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => Reduce(input.Sub(target).Abs(), reduction);

    /// <summary>|d| &lt; beta ? 0.5 d² / beta : |d| - 0.5 beta (beta = 0 is L1).</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
    {
        var d = input.Sub(target);
        var ad = d.Abs();
        if (beta == 0)
        {
            return Reduce(ad, reduction);
        }

        return Reduce(Tensor.Where(ad.Lt(beta), d.Square().Mul(0.5 / beta), ad.Sub(0.5 * beta)), reduction);
    }

    /// <summary>|d| &lt; delta ? 0.5 d² : delta (|d| - 0.5 delta).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0)
    {
        var d = input.Sub(target);
        var ad = d.Abs();
        return Reduce(Tensor.Where(ad.Lt(delta), d.Square().Mul(0.5), ad.Sub(0.5 * delta).Mul(delta)), reduction);
    }

    private static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.None => loss,
        Reduction.Sum => loss.Sum(),
        _ => loss.Mean(),
    };

    private static LossReduction ToLoss(Reduction reduction) => reduction switch
    {
        Reduction.None => LossReduction.None,
        Reduction.Sum => LossReduction.Sum,
        _ => LossReduction.Mean,
    };

    private static void RequireSameShape(string op, Tensor input, Tensor target)
    {
        if (!input.Shape.AsSpan().SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"{op}: target size {ShapeRules.Format(target.Shape)} must be the same as input size {ShapeRules.Format(input.Shape)}");
        }
    }
}
