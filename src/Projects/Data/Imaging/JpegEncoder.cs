using IlgpuNet.Kernels.Native;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Imaging;

/// <summary>Writes gray or RGB JPEGs through libjpeg-turbo; alpha is dropped and gray+alpha stays gray.</summary>
public static class JpegEncoder
{
    /// <param name="quality">1..100; PIL's default is 75.</param>
    /// <param name="progressive">Progressive rather than baseline.</param>
    public static byte[] Encode(ByteImage image, int quality = 90, bool progressive = false)
    {
        var opaque = image.Channels switch { 2 => image.ToGray(), 4 => image.ToRgb(), _ => image };
        return TurboJpeg.Compress(opaque.Pixels, opaque.Width, opaque.Height, opaque.Channels, quality, progressive);
    }

    public static void Write(string path, ByteImage image, int quality = 90, bool progressive = false)
    {
        AtomicFile.WriteAllBytes(path, Encode(image, quality, progressive));
    }
}
