namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// How conv2d walks a range of images: chunks of <see cref="Images"/> images laid side by side so each GEMM has
/// about <see cref="TargetColumns"/> columns even when OH·OW is small (ResNet's 4×4 maps), the chunk's column
/// matrix (C·KH·KW, nb·OH·OW) and its outputs staged as (K, nb, OH·OW). A 1×1/stride-1/unpadded conv over one
/// image at a time needs no columns: the image is its own column matrix (<see cref="Direct"/>).
/// The buffers are this thread's <see cref="ThreadScratch"/>.
/// </summary>
internal readonly ref struct ChunkWorkspace<T>
    where T : unmanaged
{
    /// <summary>
    /// Aim for at least this many GEMM columns per chunk of images: enough for whole 32-wide micro-tiles and a
    /// B panel worth packing, few enough that the chunk's column matrix stays near the core's L2 (Table-2 and
    /// ResNet18 convolutions measured 5-10 % faster than with 1024; 128 was slower again).
    /// </summary>
    public const int TargetColumns = 256;

    /// <summary>Cap on the column buffer (elements) so a chunk stays cache- and memory-friendly.</summary>
    private const long MaxColElements = 1L << 22;

    public ChunkWorkspace(Conv2dGeometry g, int first, int end)
    {
        int ohw = g.OutH * g.OutW;
        long perImage = (long)g.InChannels * g.KernelH * g.KernelW * ohw;
        long images = Math.Min(ConvGeometry.CeilDiv(TargetColumns, ohw), Math.Max(1, MaxColElements / Math.Max(1, perImage)));
        Images = (int)Math.Clamp(images, 1, Math.Max(1, end - first));
        Direct = Conv2dKernels.IsIdentityIm2Col(g) && Images == 1;
        Col = Direct ? default : ThreadScratch.Get<T>(ThreadScratch.Columns, perImage * Images);
        Gathered = Images > 1 ? ThreadScratch.Get<T>(ThreadScratch.Staging, (long)g.OutChannels * ohw * Images) : default;
    }

    public int Images { get; }

    public bool Direct { get; }

    public RawBuffer<T> Col { get; }

    public RawBuffer<T> Gathered { get; }
}
