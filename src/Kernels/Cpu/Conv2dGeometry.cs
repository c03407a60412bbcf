namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Shapes of one conv2d call, PyTorch layout: x (N, InChannels, InH, InW), weight (OutChannels, InChannels/Groups,
/// KernelH, KernelW), bias (OutChannels), y (N, OutChannels, OutH, OutW). OutH/OutW follow
/// <see cref="ConvGeometry.ConvOutputSize"/>.
/// </summary>
public sealed record Conv2dGeometry
{
    public Conv2dGeometry(int n, int inChannels, int inH, int inW, int outChannels, int kernelH, int kernelW,
        int strideH = 1, int strideW = 1, int padH = 0, int padW = 0, int dilationH = 1, int dilationW = 1, int groups = 1)
    {
        N = n;
        InChannels = inChannels;
        InH = inH;
        InW = inW;
        OutChannels = outChannels;
        KernelH = kernelH;
        KernelW = kernelW;
        StrideH = strideH;
        StrideW = strideW;
        PadH = padH;
        PadW = padW;
        DilationH = dilationH;
        DilationW = dilationW;
        Groups = groups;
        if (n < 0 || inChannels <= 0 || outChannels <= 0 || inH < 0 || inW < 0)
        {
            throw new ArgumentException($"conv2d: bad sizes N={n} C={inChannels} H={inH} W={inW} K={outChannels}");
        }

        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0
            || padH < 0 || padW < 0 || groups <= 0)
        {
            throw new ArgumentException("conv2d: kernel, stride, dilation and groups must be positive and padding non-negative");
        }

        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"conv2d: channels {inChannels}->{outChannels} not divisible by groups {groups}");
        }

        OutH = ConvGeometry.ConvOutputSize(inH, kernelH, strideH, padH, dilationH);
        OutW = ConvGeometry.ConvOutputSize(inW, kernelW, strideW, padW, dilationW);
        if (OutH <= 0 || OutW <= 0)
        {
            throw new ArgumentException($"conv2d: input {inH}x{inW} too small for kernel {kernelH}x{kernelW} (output {OutH}x{OutW})");
        }
    }

    public int N { get; }

    public int InChannels { get; }

    public int InH { get; }

    public int InW { get; }

    public int OutChannels { get; }

    public int KernelH { get; }

    public int KernelW { get; }

    public int StrideH { get; }

    public int StrideW { get; }

    public int PadH { get; }

    public int PadW { get; }

    public int DilationH { get; }

    public int DilationW { get; }

    public int Groups { get; }

    /// <summary>Output height; set explicitly (larger than the formula) when this is the adjoint of a transposed conv.</summary>
    public int OutH { get; private init; }

    public int OutW { get; private init; }

    public int InPerGroup => InChannels / Groups;

    public int OutPerGroup => OutChannels / Groups;

    /// <summary>Rows of one group's im2col matrix: InPerGroup * KernelH * KernelW (the GEMM reduction length).</summary>
    public int ColRows => InPerGroup * KernelH * KernelW;

    public long InputLength => (long)N * InChannels * InH * InW;

    /// <summary>Elements of one image of the input, C·H·W.</summary>
    public int InputPerImage => InChannels * InH * InW;

    public long OutputLength => (long)N * OutChannels * OutH * OutW;

    public long WeightLength => (long)OutChannels * InPerGroup * KernelH * KernelW;

    /// <summary>Multiply-adds of the forward pass (each backward pass costs the same).</summary>
    public long MacCount => (long)N * OutChannels * OutH * OutW * ColRows;

    /// <summary>A transposed conv's output may be up to stride-1 larger than the conv formula gives for it.</summary>
    internal Conv2dGeometry WithOutputSize(int outH, int outW) => this with { OutH = outH, OutW = outW };
}
