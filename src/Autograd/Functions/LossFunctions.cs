using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// cross_entropy and nll_loss with class-index targets, class weights, ignore_index and label smoothing: one fused
/// kernel for both on every device (log_softmax + nll_loss in one pass from logits; nll_loss alone from
/// log-probabilities), forward and backward side by side, the CPU's in Cpu/CrossEntropyKernels. On the CPU an
/// out-of-range target raises; on a device the targets are never read by the host and such a target makes the loss
/// NaN instead.
/// </summary>
public static class LossFunctions
{
    /// <summary>
    /// cross_entropy with class-index targets: nll_loss of log_softmax over the class dim (dim 1, or 0 for an
    /// unbatched (C) input), fused.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight, long ignoreIndex, double labelSmoothing, LossReduction reduction)
    {
        const string op = "cross_entropy";
        if (logits.Rank == 1)
        {
            var loss = CrossEntropy(logits.Unsqueeze(0), target.Reshape(1), weight, ignoreIndex, labelSmoothing, reduction);
            return reduction == LossReduction.None ? loss.Reshape() : loss;
        }

        var (_, _, _, expectedTarget) = CheckClassTargets(op, logits, target, weight, labelSmoothing);
        if (logits.Device.IsCpu)
        {
            return CrossEntropyOnCpu(logits, target, weight, ignoreIndex, labelSmoothing, reduction, fromLogits: true, expectedTarget);
        }

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

        var (_, _, _, expectedTarget) = CheckClassTargets(op, logp, target, weight, labelSmoothing);
        if (!logp.Device.IsCpu)
        {
            return CrossEntropyOnDevice(logp, target, weight, ignoreIndex, labelSmoothing, reduction, fromLogits: false, expectedTarget);
        }

        return CrossEntropyOnCpu(logp, target, weight, ignoreIndex, labelSmoothing, reduction, fromLogits: false, expectedTarget);
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

    // The CPU path of both losses (Cpu/CrossEntropyKernels): per-row losses and target weights, reduced here in double
    // (mean = sum of losses / sum of target weights, as torch); backward reads x and the saved logsumexp.
    private static Tensor CrossEntropyOnCpu(Tensor x, Tensor target, Tensor? weight, long ignoreIndex, double labelSmoothing,
        LossReduction reduction, bool fromLogits, int[] targetShape)
    {
        string op = fromLogits ? "cross_entropy" : "nll_loss";
        RequireSameDType(op, x, weight);
        int n = x.ShapeRef[0], c = x.ShapeRef[1], spatial = x.Numel / Math.Max(1, n * c);
        var classes = target.ToArray<long>();
        foreach (long t in classes)
        {
            if (t != ignoreIndex && (t < 0 || t >= c))
            {
                throw new ArgumentException($"{op}: target {t} is out of bounds for {c} classes");
            }
        }

        var xd = Dense(x);
        var classWeights = weight == null ? null : Dense(weight);
        var losses = RawOps.Empty(targetShape, x.DType, x.Device);
        var logSumExp = RawOps.Empty(targetShape, x.DType, x.Device);
        double lossSum = 0, weightSum = 0;
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var rowWeights = new T[classes.Length];
            CrossEntropyKernels.Forward<T>(Span<T>(xd), classes, Span<T>(classWeights), n, c, spatial, ignoreIndex, labelSmoothing,
                fromLogits, Span<T>(losses), rowWeights, Span<T>(logSumExp));
            var perRow = Span<T>(losses);
            for (int i = 0; i < perRow.Length; i++)
            {
                lossSum += double.CreateTruncating(perRow[i]);
                weightSum += double.CreateTruncating(rowWeights[i]);
            }
        }

        Dispatch(op, x, Forward<float>, Forward<double>);
        var y = reduction switch
        {
            LossReduction.None => losses,
            LossReduction.Sum => Tensor.Scalar(lossSum, x.DType),
            _ => Tensor.Scalar(lossSum / weightSum, x.DType),
        };

        if (reduction != LossReduction.None)
        {
            losses.Dispose();
        }

        return Graph.Record(fromLogits ? "CrossEntropyLossBackward" : "NllLossBackward", y, [x], gy =>
        {
            // one upstream value per row (none), or one for all rows (sum; mean divides it by the weight sum first)
            var upstream = reduction == LossReduction.Mean ? gy.Div(weightSum) : Dense(gy);
            var dx = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => CrossEntropyKernels.Backward<T>(Span<T>(upstream), reduction == LossReduction.None, Span<T>(xd), Span<T>(logSumExp),
                    classes, Span<T>(classWeights), n, c, spatial, ignoreIndex, labelSmoothing, fromLogits, Span<T>(dx));

            Dispatch(op, x, Backward<float>, Backward<double>);
            DisposeCopy(upstream, gy);
            return [dx];
        }, saved: [xd, logSumExp, classWeights]);
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
