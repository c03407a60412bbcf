using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Cross entropy over x [N, C, S] (S = 1 for [N, C]) at int64 class targets [N, S]: from logits (fromLogits != 0, the
/// fused log-softmax + NLL) or from log-probabilities (nll_loss, lse = 0). Class weights w [C] may be empty (all 1),
/// smoothing eps. One group per row (n, s) (grid X). For a row with target t:
///   losses      = (1 - eps) w_t (lse - x_t) + eps / C * sum_k w_k (lse - x_k)
///   rowWeights  = w_t;  both 0 when t == ignoreIndex, NaN when t is out of range (the loss shows it)
///   dx[k]       = g (p_k ((1 - eps) w_t + eps / C * W) - (1 - eps) w_t [k == t] - eps / C * w_k),  p = softmax(x), W = sum w
/// lse [N, S] is saved for backward; the mean is sum(losses) / sum(rowWeights), as torch, left to the caller.
/// </summary>
public static class CrossEntropyKernels
{
    public static void Forward(ArrayView<float> losses, ArrayView<float> rowWeights, ArrayView<float> lse, ArrayView<float> x,
        ArrayView<long> targets, ArrayView<float> classWeights, CrossEntropyRows rows)
    {
        int row = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long start = SoftmaxKernels.RowStart(rows.C, rows.S);
        float rowLse = rows.FromLogits != 0 ? SoftmaxKernels.RowLogSumExp(x, start, rows.C, rows.S) : 0f;
        bool weighted = classWeights.Length > 0;
        float weightedX = 0f, weightSum = 0f;  // sum_k w_k x_k and sum_k w_k, for the smoothing term
        if (rows.LabelSmoothing != 0f)
        {
            for (int c = t; c < rows.C; c += threads)
            {
                float w = weighted ? classWeights[c] : 1f;
                weightedX += w * x[start + (long)c * rows.S];
                weightSum += w;
            }

            weightedX = GroupReduce.Sum(weightedX);
            weightSum = GroupReduce.Sum(weightSum);
        }

        if (t == 0)
        {
            long target = targets[row];
            lse[row] = rowLse;
            if (target == rows.IgnoreIndex)
            {
                losses[row] = 0f;
                rowWeights[row] = 0f;
            }
            else if (target < 0 || target >= rows.C)
            {
                losses[row] = float.NaN;
                rowWeights[row] = float.NaN;
            }
            else
            {
                float wt = weighted ? classWeights[target] : 1f;
                float nll = wt * (rowLse - x[start + target * rows.S]);
                float smooth = rowLse * weightSum - weightedX;
                losses[row] = (1f - rows.LabelSmoothing) * nll + rows.LabelSmoothing / rows.C * smooth;
                rowWeights[row] = wt;
            }
        }
    }

    /// <summary>dx from the upstream gradient of each row's loss, gradLosses[row * gradStride] (stride 0: one value for all rows).</summary>
    public static void Backward(ArrayView<float> dx, ArrayView<float> gradLosses, int gradStride, ArrayView<float> x, ArrayView<float> lse,
        ArrayView<long> targets, ArrayView<float> classWeights, CrossEntropyRows rows)
    {
        int row = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long start = SoftmaxKernels.RowStart(rows.C, rows.S);
        long target = targets[row];
        bool weighted = classWeights.Length > 0;
        float weightSum = rows.C;
        if (weighted && rows.LabelSmoothing != 0f)
        {
            float w = 0f;
            for (int c = t; c < rows.C; c += threads)
            {
                w += classWeights[c];
            }

            weightSum = GroupReduce.Sum(w);
        }

        bool valid = target != rows.IgnoreIndex;
        bool inRange = target >= 0 && target < rows.C;
        float g = gradLosses[(long)row * gradStride];
        float wt = inRange ? (weighted ? classWeights[target] : 1f) : float.NaN;
        float epsPerClass = rows.LabelSmoothing / rows.C;
        float pScale = (1f - rows.LabelSmoothing) * wt + epsPerClass * weightSum;
        for (int c = t; c < rows.C; c += threads)
        {
            long at = start + (long)c * rows.S;
            float v = 0f;
            if (valid)
            {
                float p = rows.FromLogits != 0 ? XMath.Exp(x[at] - lse[row]) : 0f;
                float wc = weighted ? classWeights[c] : 1f;
                v = g * (p * pScale - (c == target ? (1f - rows.LabelSmoothing) * wt : 0f) - epsPerClass * wc);
            }

            dx[at] = v;
        }
    }
}
