using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// The shapes of one im2col / col2im launch, by value: images [N, C, H, W] unfold into columns [N, C*KH*KW, OH*OW].
/// <see cref="Cpu.Conv2dGeometry"/> is the host's description; <see cref="Of"/> takes the part the kernels need.
/// </summary>
public struct ConvWindow
{
    public int N, C, H, W, KH, KW, PadH, PadW, StrideH, StrideW, DilationH, DilationW, OH, OW;

    /// <summary>The window of <paramref name="images"/> images of g, all of g's input channels (groups are GEMM slices of the columns).</summary>
    public static ConvWindow Of(Conv2dGeometry g, int images) => new()
    {
        N = images,
        C = g.InChannels,
        H = g.InH,
        W = g.InW,
        KH = g.KernelH,
        KW = g.KernelW,
        PadH = g.PadH,
        PadW = g.PadW,
        StrideH = g.StrideH,
        StrideW = g.StrideW,
        DilationH = g.DilationH,
        DilationW = g.DilationW,
        OH = g.OutH,
        OW = g.OutW,
    };
}
