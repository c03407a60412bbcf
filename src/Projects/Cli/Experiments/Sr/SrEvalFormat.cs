namespace IlgpuNet.Cli.Experiments.Sr;

/// <summary>How <c>sr eval</c> prints its results.</summary>
public enum SrEvalFormat
{
    /// <summary>A console table of per-image and mean PSNR / SSIM.</summary>
    Table,

    /// <summary>Means per method and per-image values as JSON.</summary>
    Json,

    /// <summary>Per-image PSNR and SSIM tables with the mean, as Markdown (for results pages).</summary>
    Markdown,
}
