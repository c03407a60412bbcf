namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Shapes of one max/avg pool2d call: x (N, C, InH, InW) → y (N, C, OutH, OutW) with
/// <see cref="ConvGeometry.PoolOutputSize"/> (ceil_mode rule included). Stride defaults to the kernel in PyTorch;
/// the caller passes it explicitly here.
/// </summary>
public sealed record Pool2dGeometry
{
    public Pool2dGeometry(int n, int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
        int padH = 0, int padW = 0, int dilationH = 1, int dilationW = 1, bool ceilMode = false)
    {
        N = n;
        Channels = channels;
        InH = inH;
        InW = inW;
        KernelH = kernelH;
        KernelW = kernelW;
        StrideH = strideH;
        StrideW = strideW;
        PadH = padH;
        PadW = padW;
        DilationH = dilationH;
        DilationW = dilationW;
        CeilMode = ceilMode;
        if (n < 0 || channels < 0 || inH <= 0 || inW <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0
            || dilationH <= 0 || dilationW <= 0 || padH < 0 || padW < 0)
        {
            throw new ArgumentException("pool2d: sizes, kernel, stride and dilation must be positive and padding non-negative");
        }

        // PyTorch: "pad should be at most half of effective kernel size".
        if (padH > ((kernelH - 1) * dilationH + 1) / 2 || padW > ((kernelW - 1) * dilationW + 1) / 2)
        {
            throw new ArgumentException($"pool2d: pad ({padH},{padW}) should be at most half of effective kernel size");
        }

        OutH = ConvGeometry.PoolOutputSize(inH, kernelH, strideH, padH, dilationH, ceilMode);
        OutW = ConvGeometry.PoolOutputSize(inW, kernelW, strideW, padW, dilationW, ceilMode);
        if (OutH <= 0 || OutW <= 0)
        {
            throw new ArgumentException($"pool2d: output size {OutH}x{OutW} is too small");
        }
    }

    public int N { get; }

    public int Channels { get; }

    public int InH { get; }

    public int InW { get; }

    public int KernelH { get; }

    public int KernelW { get; }

    public int StrideH { get; }

    public int StrideW { get; }

    public int PadH { get; }

    public int PadW { get; }

    public int DilationH { get; }

    public int DilationW { get; }

    public bool CeilMode { get; }

    public int OutH { get; }

    public int OutW { get; }

    public long InputLength => (long)N * Channels * InH * InW;

    public long OutputLength => (long)N * Channels * OutH * OutW;
}
