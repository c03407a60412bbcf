namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Shapes of one conv_transpose2d call, PyTorch layout: x (N, InChannels, InH, InW), weight (InChannels,
/// OutChannels/Groups, KernelH, KernelW), bias (OutChannels), y (N, OutChannels, OutH, OutW) with
/// OutH = (InH-1)*stride - 2*pad + dil*(k-1) + output_padding + 1.
/// </summary>
public sealed record ConvTranspose2dGeometry
{
    public ConvTranspose2dGeometry(int n, int inChannels, int inH, int inW, int outChannels, int kernelH, int kernelW,
        int strideH = 1, int strideW = 1, int padH = 0, int padW = 0, int outputPadH = 0, int outputPadW = 0,
        int dilationH = 1, int dilationW = 1, int groups = 1)
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
        OutputPadH = outputPadH;
        OutputPadW = outputPadW;
        DilationH = dilationH;
        DilationW = dilationW;
        Groups = groups;

        // PyTorch: output padding must be smaller than either stride or dilation.
        if (outputPadH < 0 || outputPadW < 0 || outputPadH >= Math.Max(strideH, dilationH) || outputPadW >= Math.Max(strideW, dilationW))
        {
            throw new ArgumentException($"conv_transpose2d: output_padding ({outputPadH},{outputPadW}) must be smaller than either stride or dilation");
        }

        OutH = ConvGeometry.ConvTransposeOutputSize(inH, kernelH, strideH, padH, outputPadH, dilationH);
        OutW = ConvGeometry.ConvTransposeOutputSize(inW, kernelW, strideW, padW, outputPadW, dilationW);
        if (OutH <= 0 || OutW <= 0)
        {
            throw new ArgumentException($"conv_transpose2d: output size {OutH}x{OutW} is not positive");
        }

        // The adjoint conv maps y-shaped (N, OutChannels, OutH, OutW) to x-shaped (N, InChannels, InH, InW) with the
        // same weight tensor (conv layout (InChannels, OutChannels/G, kH, kW)). Its formula output can exceed InH when
        // output_padding >= stride, so the size is set explicitly.
        AdjointConv = new Conv2dGeometry(n, outChannels, OutH, OutW, inChannels, kernelH, kernelW,
            strideH, strideW, padH, padW, dilationH, dilationW, groups).WithOutputSize(inH, inW);
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

    public int OutputPadH { get; }

    public int OutputPadW { get; }

    public int DilationH { get; }

    public int DilationW { get; }

    public int Groups { get; }

    public int OutH { get; }

    public int OutW { get; }

    /// <summary>The conv2d whose backward-input is this op's forward (x and y swap roles, same weight).</summary>
    public Conv2dGeometry AdjointConv { get; }

    public long InputLength => (long)N * InChannels * InH * InW;

    public long OutputLength => (long)N * OutChannels * OutH * OutW;

    public long WeightLength => (long)InChannels * (OutChannels / Groups) * KernelH * KernelW;
}
