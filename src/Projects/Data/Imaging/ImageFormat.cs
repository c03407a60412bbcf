namespace IlgpuNet.Data.Imaging;

/// <summary>Image file formats <see cref="ImageFile"/> recognizes by their first bytes.</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Bmp,

    /// <summary>Binary Netpbm: PGM (P5) and PPM (P6).</summary>
    Pnm,
}
