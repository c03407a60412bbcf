using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace IlgpuNet.Data.Imaging;

/// <summary>The ImageSharp encoder for a format, set up for the image's channels and bit depth.</summary>
internal static class ImageEncoding
{
    /// <summary>JPEG quality when none is given (PIL's default is 75; figures and samples look better at 90).</summary>
    public const int DefaultJpegQuality = 90;

    /// <summary>The ImageSharp image to encode: JPEG has no alpha, so it gets gray or RGB.</summary>
    public static Image Prepare(ByteImage image, ImageFormat format) => format == ImageFormat.Jpeg && image.Channels is 2 or 4
        ? (image.Channels == 2 ? image.ToGray() : image.ToRgb()).ToImageSharp()
        : image.ToImageSharp();

    public static IImageEncoder Encoder(ImageFormat format, int channels, bool sixteenBit, int quality) => format switch
    {
        ImageFormat.Png => new PngEncoder
        {
            ColorType = channels switch
            {
                1 => PngColorType.Grayscale,
                2 => PngColorType.GrayscaleWithAlpha,
                3 => PngColorType.Rgb,
                _ => PngColorType.RgbWithAlpha,
            },
            BitDepth = sixteenBit ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
        },
        ImageFormat.Jpeg => new JpegEncoder
        {
            Quality = Math.Clamp(quality, 1, 100),
            ColorType = channels <= 2 ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420,
        },
        ImageFormat.Bmp => new BmpEncoder { BitsPerPixel = channels is 2 or 4 ? BmpBitsPerPixel.Pixel32 : BmpBitsPerPixel.Pixel24 },
        ImageFormat.Gif => new GifEncoder(),
        ImageFormat.Pnm => new PbmEncoder { ColorType = channels <= 2 ? PbmColorType.Grayscale : PbmColorType.Rgb, Encoding = PbmEncoding.Binary },
        ImageFormat.Tga => new TgaEncoder(),
        ImageFormat.Tiff => new TiffEncoder(),
        ImageFormat.Webp => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        _ => throw new NotSupportedException($"no encoder for image format {format}"),
    };
}
