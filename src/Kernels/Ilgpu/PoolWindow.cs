using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// The shapes of one pooling or resampling launch, by value: x [N, C, H, W] -> y [N, C, OH, OW] with a KH×KW window
/// (stride, padding, dilation). <see cref="Cpu.Pool2dGeometry"/> is the host's description.
/// </summary>
public struct PoolWindow
{
    public int N, C, H, W, OH, OW, KH, KW, StrideH, StrideW, PadH, PadW, DilationH, DilationW;

    public static PoolWindow Of(Pool2dGeometry g) => new()
    {
        N = g.N,
        C = g.Channels,
        H = g.InH,
        W = g.InW,
        OH = g.OutH,
        OW = g.OutW,
        KH = g.KernelH,
        KW = g.KernelW,
        StrideH = g.StrideH,
        StrideW = g.StrideW,
        PadH = g.PadH,
        PadW = g.PadW,
        DilationH = g.DilationH,
        DilationW = g.DilationW,
    };

    /// <summary>Sizes only (adaptive pooling, resampling): no window.</summary>
    public static PoolWindow Sizes(int n, int c, int h, int w, int oh, int ow) => new() { N = n, C = c, H = h, W = w, OH = oh, OW = ow };

    public readonly long InputLength => (long)N * C * H * W;

    public readonly long OutputLength => (long)N * C * OH * OW;
}
