using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// nll_loss over log-probabilities in one pass, with class weights, ignore_index and the label-smoothing term of
/// cross_entropy, forward and backward side by side (cross_entropy = this over log_softmax; on a device the two are
/// one fused kernel). On a device the targets are never read by the host: an out-of-range target makes the loss NaN
/// instead of raising.
/// </summary>
public static class LossFunctions
{
    /// <summary>
    /// cross_entropy with class-index targets: nll_loss of log_softmax over the class dim (dim 1, or 0 for an
    /// unbatched (C) input). On the CPU the two ops as they are; on a device the fused softmax cross-entropy kernels.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight, long ignoreIndex, double labelSmoothing, LossReduction reduction)
    {
        const string op = "cross_entropy";
        if (logits.Device.IsCpu)
        {
            using var logp = logits.LogSoftmax(logits.Rank == 1 ? 0 : 1); // held by its node while backward needs it
            return NllLoss(logp, target, weight, ignoreIndex, labelSmoothing, reduction);
        }

        if (logits.Rank == 1)
        {
            var loss = CrossEntropy(logits.Unsqueeze(0), target.Reshape(1), weight, ignoreIndex, labelSmoothing, reduction);
            return reduction == LossReduction.None ? loss.Reshape() : loss;
        }

        var (_, _, _, expectedTarget) = CheckClassTargets(op, logits, target, weight, labelSmoothing);
        return CrossEntropyOnDevice(logits, target, weight, ignoreIndex, labelSmoothing, reduction, fromLogits: true, expectedTarget);
    }

    // logp (N, C, *) [or (C)], target (N, *) [or ()] int64, weight (C) or null.
    // Per position i with class t = target[i] (ignored positions contribute 0):
    //   nll_i    = -w[t] logp[i, t]
    //   smooth_i = -sum_c w[c] logp[i, c]                       (only when labelSmoothing ε > 0)
    //   loss_i   = (1-ε) nll_i + ε/C smooth_i
    // mean (PyTorch's): sum_i loss_i / sum_i w[t_i] over non-ignored positions (without weights: their count),
    // for both terms.
    public static Tensor NllLoss(Tensor logp, Tensor target, Tensor? weight, long ignoreIndex, double labelSmoothing, LossReduction reduction)
    {
        const string op = "nll_loss";
        if (logp.Rank == 1)
        {
            // unbatched (C) with a 0-d target
            var loss = NllLoss(logp.Unsqueeze(0), target.Reshape(1), weight, ignoreIndex, labelSmoothing, reduction);
            return reduction == LossReduction.None ? loss.Reshape() : loss;
        }

        var (n, c, spatial, expectedTarget) = CheckClassTargets(op, logp, target, weight, labelSmoothing);
        if (!logp.Device.IsCpu)
        {
            return CrossEntropyOnDevice(logp, target, weight, ignoreIndex, labelSmoothing, reduction, fromLogits: false, expectedTarget);
        }

        var lp = Dense(logp);
        var classes = target.ToArray<long>();
        foreach (long t in classes)
        {
            if (t != ignoreIndex && (t < 0 || t >= c))
            {
                throw new ArgumentException($"{op}: target {t} is out of bounds for {c} classes");
            }
        }

        var w = weight?.ToDoubleArray() ?? Enumerable.Repeat(1.0, c).ToArray();
        double eps = labelSmoothing;
        int positions = n * spatial;

        // the positions that count (target not ignored): index into target, and where their class scores start in
        // logp (class k at Start + k * spatial)
        var counted = Enumerable.Range(0, positions).Where(i => classes[i] != ignoreIndex)
            .Select(i => (Index: i, Start: i / spatial * c * spatial + i % spatial)).ToArray();
        double weightSum = counted.Sum(p => w[classes[p.Index]]);
        double nllScale = reduction == LossReduction.Mean ? 1.0 / weightSum : 1.0;
        double smoothScale = nllScale;

        var perPosition = new double[positions];
        double total = 0;
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ReadOnlySpan<T> x = Span<T>(lp);
            foreach (var (i, start) in counted)
            {
                long t = classes[i];
                double nll = -w[t] * double.CreateTruncating(x[start + (int)t * spatial]);
                double smooth = 0;
                if (eps > 0)
                {
                    for (int k = 0; k < c; k++)
                    {
                        smooth -= w[k] * double.CreateTruncating(x[start + k * spatial]);
                    }
                }

                perPosition[i] = (1 - eps) * nll + eps / c * smooth;
                total += (1 - eps) * nll * nllScale + eps / c * smooth * smoothScale;
            }
        }

        Dispatch(op, logp, Forward<float>, Forward<double>);
        DisposeCopy(lp, logp);
        var y = reduction == LossReduction.None
            ? Tensor.FromArray(perPosition, expectedTarget).To(logp.DType)
            : Tensor.Scalar(total, logp.DType);

        return Graph.Record("NllLossBackward", y, [logp], gy =>
        {
            // dlogp[i, k] = -g_i ((1-ε) nllScale w[t] [k == t] + ε/C smoothScale w[k])
            var gi = gy.ToDoubleArray();
            var dx = Tensor.Zeros(logp.ShapeRef, logp.DType);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                Span<T> d = Span<T>(dx);
                foreach (var (i, start) in counted)
                {
                    long t = classes[i];
                    double g = reduction == LossReduction.None ? gi[i] : gi[0];
                    if (eps > 0)
                    {
                        double coefficient = -g * eps / c * smoothScale;
                        for (int k = 0; k < c; k++)
                        {
                            d[start + k * spatial] = T.CreateTruncating(coefficient * w[k]);
                        }
                    }

                    d[start + (int)t * spatial] += T.CreateTruncating(-g * (1 - eps) * nllScale * w[t]);
                }
            }

            Dispatch(op, logp, Backward<float>, Backward<double>);
            return [dx];
        }, saved: []); // the backward needs the targets and the shape only
    }

    // (N, C, *) input, (N, *) int64 targets, (C) weights: the sizes, or an error naming what does not fit.
    private static (int N, int C, int Spatial, int[] TargetShape) CheckClassTargets(string op, Tensor input, Tensor target, Tensor? weight,
        double labelSmoothing)
    {
        if (target.DType is not (DType.Int64 or DType.Int32))
        {
            throw new ArgumentException($"{op}: class-index targets must be int64, got {target.DType.Name()}");
        }

        int n = input.ShapeRef[0], c = input.ShapeRef[1];
        int spatial = input.Numel / Math.Max(1, n * c);
        var expectedTarget = input.ShapeRef.Where((_, d) => d != 1).ToArray();
        if (!target.ShapeRef.AsSpan().SequenceEqual(expectedTarget))
        {
            throw new ArgumentException($"{op}: target of shape {ShapeRules.Format(target.ShapeRef)} does not match input {ShapeRules.Format(input.ShapeRef)} (expected {ShapeRules.Format(expectedTarget)})");
        }

        if (weight != null && weight.Numel != c)
        {
            throw new ArgumentException($"{op}: weight has {weight.Numel} elements, expected one per class ({c})");
        }

        if (labelSmoothing < 0 || labelSmoothing > 1)
        {
            throw new ArgumentException($"{op}: label_smoothing must be in [0, 1], got {labelSmoothing}");
        }

        return (n, c, spatial, expectedTarget);
    }

    // The device path of both losses: per-row losses and target weights from one kernel, reduced on the device
    // (mean = sum of losses / sum of target weights, as torch), so nothing is read back.
    private static Tensor CrossEntropyOnDevice(Tensor x, Tensor target, Tensor? weight, long ignoreIndex, double labelSmoothing,
        LossReduction reduction, bool fromLogits, int[] targetShape)
    {
        string op = fromLogits ? "cross_entropy" : "nll_loss";
        RequireSameDevice(op, x, target, weight);
        RequireSameDType(op, x, weight);
        var xd = Dense(x);
        var targets = Dense(target.To(DType.Int64));
        var classWeights = weight == null ? null : Dense(weight);
        int rows = ShapeRules.Numel(targetShape);
        var losses = RawOps.Empty(targetShape, x.DType, x.Device);
        var rowWeights = RawOps.Empty([rows], x.DType, x.Device);
        var logSumExp = RawOps.Empty([rows], x.DType, x.Device);
        DeviceTensor.RequireFloat32(op, x);
        DeviceLosses.Forward(xd, targets, classWeights, ignoreIndex, labelSmoothing, fromLogits, losses, rowWeights, logSumExp);
        bool[] all = Enumerable.Repeat(true, targetShape.Length).ToArray();
        var weightSum = RawOps.Sum(rowWeights, [true], keepDim: false);
        var y = reduction switch
        {
            LossReduction.None => losses,
            LossReduction.Sum => RawOps.Sum(losses, all, keepDim: false),
            _ => RawOps.Binary(RawOps.Sum(losses, all, keepDim: false), weightSum, Kernels.BinaryOp.Div),
        };

        return Graph.Record(fromLogits ? "CrossEntropyLossBackward" : "NllLossBackward", y, [x], gy =>
        {
            // one upstream value per row (none), or one for all rows (sum; mean divides it by the weight sum first)
            var upstream = reduction == LossReduction.Mean ? RawOps.Binary(gy, weightSum, Kernels.BinaryOp.Div) : Dense(gy);
            var dx = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
            DeviceLosses.Backward(upstream, reduction == LossReduction.None, xd, logSumExp, targets, classWeights, ignoreIndex,
                labelSmoothing, fromLogits, dx);
            return [dx];
        }, saved: [xd, logSumExp, targets, classWeights, weightSum]);
    }
}
