using IlgpuNet.Tensors.IO;
using SixLabors.ImageSharp;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Reads any image ImageSharp knows by its first bytes (PNG, JPEG, BMP, GIF, PBM/PGM/PPM, TGA, TIFF, WebP) and writes by
/// file extension. Channels follow the file as PIL's conversions give them: gray 1, gray+alpha 2, colour 3, colour with
/// alpha (or a transparency chunk) 4. Every failure is an <see cref="InvalidFileException"/> whose one-line message starts
/// with the file.
/// </summary>
public static class ImageFile
{
    /// <summary>Largest image decoded, in pixels: PIL's decompression-bomb limit (twice its warning at 89,478,485).</summary>
    public const long MaxPixels = 178_956_970;

    /// <summary>Decodes a file to 8 bits per sample (16-bit files keep their high byte, as PIL's RGB reading does).</summary>
    /// <exception cref="InvalidFileException">The file is empty, not an image, corrupt, truncated or too large.</exception>
    public static ByteImage Read(string path) => ImageDecoding.Open(File.ReadAllBytes(path), path).ToByteImage();

    /// <summary>Decodes a file to 16 bits per sample (8-bit files are widened exactly, v * 257).</summary>
    public static UShortImage Read16(string path) => ImageDecoding.Open(File.ReadAllBytes(path), path).ToUShortImage();

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>") => ImageDecoding.Open(data.ToArray(), source).ToByteImage();

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static UShortImage Decode16(ReadOnlySpan<byte> data, string source = "<memory>") => ImageDecoding.Open(data.ToArray(), source).ToUShortImage();

    /// <summary>The format of encoded data by its first bytes, <see cref="ImageFormat.Unknown"/> when ImageSharp reads none.</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data) =>
        data.IsEmpty ? ImageFormat.Unknown : ImageDecoding.FormatOf(Image.DetectFormat(ImageSharpConfiguration.Instance, data));

    /// <summary>Width and height from the header alone (nothing is decoded).</summary>
    public static (int Width, int Height) Identify(string path) => ImageDecoding.Open(File.ReadAllBytes(path), path).Size;

    /// <summary>
    /// Writes by extension: .png (lossless; 16-bit for a <see cref="UShortImage"/>), .jpg/.jpeg (alpha dropped),
    /// .bmp, .gif, .pgm/.ppm, .tga, .tif/.tiff, .webp; to a temporary file that is then renamed.
    /// </summary>
    /// <param name="quality">JPEG quality 1..100.</param>
    public static void Write(string path, ByteImage image, int quality = ImageEncoding.DefaultJpegQuality)
    {
        var format = FormatOfPath(path); // an unsupported extension fails before a file is created
        AtomicFile.Write(path, stream => Write(stream, image, format, quality));
    }

    public static void Write(string path, UShortImage image)
    {
        var format = FormatOfPath(path);
        AtomicFile.Write(path, stream => Write(stream, image, format));
    }

    public static void Write(Stream stream, ByteImage image, ImageFormat format, int quality = ImageEncoding.DefaultJpegQuality)
    {
        using var encodable = ImageEncoding.Prepare(image, format);
        encodable.Save(stream, ImageEncoding.Encoder(format, image.Channels, sixteenBit: false, quality));
    }

    /// <summary>16-bit samples are kept by PNG and TIFF; other formats get the high byte.</summary>
    public static void Write(Stream stream, UShortImage image, ImageFormat format)
    {
        if (format is not (ImageFormat.Png or ImageFormat.Tiff))
        {
            Write(stream, image.ToByteImage(), format);
            return;
        }

        using var encodable = image.ToImageSharp();
        encodable.Save(stream, ImageEncoding.Encoder(format, image.Channels, sixteenBit: true, ImageEncoding.DefaultJpegQuality));
    }

    public static byte[] Encode(ByteImage image, ImageFormat format, int quality = ImageEncoding.DefaultJpegQuality)
    {
        using var memory = new MemoryStream();
        Write(memory, image, format, quality);
        return memory.ToArray();
    }

    public static byte[] Encode(UShortImage image, ImageFormat format = ImageFormat.Png)
    {
        using var memory = new MemoryStream();
        Write(memory, image, format);
        return memory.ToArray();
    }

    /// <summary>The format a file name asks for by its extension.</summary>
    /// <exception cref="NotSupportedException">No encoder writes that extension.</exception>
    public static ImageFormat FormatOfPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ImageFormat.Png,
        ".jpg" or ".jpeg" => ImageFormat.Jpeg,
        ".bmp" => ImageFormat.Bmp,
        ".gif" => ImageFormat.Gif,
        ".pgm" or ".ppm" or ".pbm" => ImageFormat.Pnm,
        ".tga" => ImageFormat.Tga,
        ".tif" or ".tiff" => ImageFormat.Tiff,
        ".webp" => ImageFormat.Webp,
        var other => throw new NotSupportedException($"{path}: cannot write images with extension '{other}'; supported: .png, .jpg, .jpeg, .bmp, .gif, .pgm, .ppm, .tga, .tif, .tiff, .webp"),
    };
}
