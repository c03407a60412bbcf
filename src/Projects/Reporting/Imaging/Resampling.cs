namespace IlgpuNet.Reporting;

/// <summary>How an image is scaled to a new size.</summary>
public enum Resampling
{
    /// <summary>Each output pixel copies the nearest input pixel: crisp blocks, right for tiny images and filters.</summary>
    Nearest,

    /// <summary>Weighted mean of the four nearest input pixels (pixel centres aligned, edges clamped), as torchvision's align_corners=False.</summary>
    Bilinear,
}
