namespace IlgpuNet.Data.Imaging;

/// <summary>The image formats ImageSharp reads (by their first bytes) and <see cref="ImageFile"/> writes (by extension).</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Bmp,
    Gif,

    /// <summary>Netpbm: PBM, PGM and PPM.</summary>
    Pnm,
    Tga,
    Tiff,
    Webp,
}
