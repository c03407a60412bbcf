using IlgpuNet.Benchmarks.Conv;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>One GEMM problem: C[M, N] = op(A)[M, K] @ op(B)[K, N], row-major, lda/ldb/ldc tight.</summary>
public sealed record GemmShape(string Name, int M, int N, int K, bool TransA = false, bool TransB = false)
{
    /// <summary>The CPU convolution lays images side by side until a GEMM has about this many columns (its TargetColumns).</summary>
    public const int ConvColumns = 256;

    public double Flops => 2.0 * M * N * K;
    public int Lda => TransA ? M : K;
    public int Ldb => TransB ? K : N;

    public override string ToString() => Name;

    public static readonly GemmShape[] Square =
    [
        new("512²", 512, 512, 512),
        new("1024²", 1024, 1024, 1024),
        new("2048²", 2048, 2048, 2048),
    ];

    /// <summary>Linear layers of the seed models: x[batch, in] @ W[out, in]^T and its two gradients.</summary>
    public static readonly GemmShape[] Linear =
    [
        new("linear 128x2048 @ (256x2048)^T", 128, 256, 2048, TransB: true),
        new("linear 128x63 @ (64x63)^T", 128, 64, 63, TransB: true),
        new("linear dW (128x256)^T @ 128x2048", 256, 2048, 128, TransA: true),
        new("linear dX 128x256 @ 256x2048", 128, 2048, 256),
        new("nerf 65536x256 @ (256x256)^T", 65536, 256, 256, TransB: true),
        new("nerf dW (65536x256)^T @ 65536x256", 256, 256, 65536, TransA: true),
        new("nerf dX 65536x256 @ 256x256", 65536, 256, 256),
    ];

    /// <summary>
    /// Seed-model shapes picked by hand for `benchmarks gemm`: conv via im2col is W[Cout, Cin*kh*kw] @ cols[Cin*kh*kw,
    /// batch*H*W]; its backward gives dW = dY @ cols^T (transB) and dCols = W^T @ dY (transA); then the linear layers.
    /// </summary>
    public static readonly GemmShape[] Model =
    [
        new("conv 32x75 @ 75x32768", 32, 32768, 75),
        new("conv 64x800 @ 800x8192", 64, 8192, 800),
        new("conv 128x1152 @ 1152x8192", 128, 8192, 1152),
        new("conv 128x1600 @ 1600x4096", 128, 4096, 1600),
        new("conv dW 64x8192 @ (800x8192)^T", 64, 800, 8192, TransB: true),
        new("conv dX (64x800)^T @ 64x8192", 800, 8192, 64, TransA: true),
        .. Linear,
    ];

    /// <summary>The three GEMMs of every seed-model convolution (<see cref="ForConv"/>).</summary>
    public static IReadOnlyList<GemmShape> Conv { get; } = [.. ConvShape.SeedModels.SelectMany(ForConv)];

    /// <summary>
    /// The GEMMs conv2d runs as im2col over <see cref="ConvImages"/> images side by side, with R = C·KH·KW rows of the
    /// column matrix and P = images·OH·OW positions: forward Y[K, P] = W[K, R] @ cols[R, P], weight gradient
    /// dW[K, R] = dY[K, P] @ cols[R, P]^T, input gradient dcols[R, P] = W[K, R]^T @ dY[K, P]. Each has
    /// images / N of the convolution's multiply-adds.
    /// </summary>
    public static IEnumerable<GemmShape> ForConv(ConvShape conv)
    {
        var g = conv.Geometry;
        int rows = g.InChannels * g.KernelH * g.KernelW, positions = ConvImages(conv) * g.OutH * g.OutW, k = g.OutChannels;
        yield return new($"{conv.Name} fwd {k}x{rows} @ {rows}x{positions}", k, positions, rows);
        yield return new($"{conv.Name} dW {k}x{positions} @ ({rows}x{positions})^T", k, rows, positions, TransB: true);
        yield return new($"{conv.Name} dX ({k}x{rows})^T @ {k}x{positions}", rows, positions, k, TransA: true);
    }

    /// <summary>Images per GEMM: enough for <see cref="ConvColumns"/> output positions, at most the batch.</summary>
    public static int ConvImages(ConvShape conv)
    {
        int positions = conv.Geometry.OutH * conv.Geometry.OutW;
        return Math.Clamp((ConvColumns + positions - 1) / positions, 1, conv.N);
    }
}
