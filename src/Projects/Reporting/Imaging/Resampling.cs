namespace IlgpuNet.Reporting;

/// <summary>How an image is scaled to a new size (by ImageSharp).</summary>
public enum Resampling
{
    /// <summary>Each output pixel copies the nearest input pixel: crisp blocks, right for tiny images and filters.</summary>
    Nearest,

    /// <summary>ImageSharp's triangle filter: bilinear when enlarging, a tent over the covered pixels when shrinking (no aliasing).</summary>
    Bilinear,
}
