namespace IlgpuNet.Autograd.Functions;

/// <summary>Input (N, C, H, W) and output plane (OutH, OutW) sizes, as the adaptive-pool and resampling kernels take them.</summary>
internal readonly record struct PlaneSizes(int N, int C, int H, int W, int OutH, int OutW)
{
    public PlaneSizes(int[] inputShape, int outH, int outW)
        : this(inputShape[0], inputShape[1], inputShape[2], inputShape[3], outH, outW)
    {
    }
}
