namespace IlgpuNet.Tensors;

/// <summary>
/// Cross entropy on a device (Ilgpu/CrossEntropyKernels) over x viewed as [N, C, spatial] with int64 targets
/// [N, spatial]: from logits (the fused log-softmax + NLL) or from log-probabilities (nll_loss).
/// </summary>
internal static class DeviceLosses
{
    /// <summary>Per-row losses, the rows' target weights (the mean's denominator) and the logsumexp backward reuses.</summary>
    public static void Forward(Tensor x, Tensor targets, Tensor? classWeights, long ignoreIndex, double labelSmoothing, bool fromLogits,
        Tensor losses, Tensor rowWeights, Tensor logSumExp)
    {
        var (n, c, spatial) = Sizes(x);
        x.Kernels().CrossEntropyForward(losses.Buffer(), rowWeights.Buffer(), logSumExp.Buffer(), x.Buffer(), targets.Buffer(),
            DeviceTensor.BufferOrNull(classWeights), n, c, spatial, ignoreIndex, (float)labelSmoothing, fromLogits);
    }

    /// <summary>dx from the upstream gradient per row (<paramref name="perRow"/>) or one value for every row.</summary>
    public static void Backward(Tensor gradLosses, bool perRow, Tensor x, Tensor logSumExp, Tensor targets, Tensor? classWeights,
        long ignoreIndex, double labelSmoothing, bool fromLogits, Tensor dx)
    {
        var (n, c, spatial) = Sizes(x);
        x.Kernels().CrossEntropyBackward(dx.Buffer(), gradLosses.Buffer(), perRow ? 1 : 0, x.Buffer(), logSumExp.Buffer(), targets.Buffer(),
            DeviceTensor.BufferOrNull(classWeights), n, c, spatial, ignoreIndex, (float)labelSmoothing, fromLogits);
    }

    private static (int N, int C, int Spatial) Sizes(Tensor x)
    {
        int n = x.ShapeRef[0], c = x.ShapeRef[1];
        return (n, c, x.Numel / Math.Max(1, n * c));
    }
}
