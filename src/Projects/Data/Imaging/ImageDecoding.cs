using IlgpuNet.Tensors.IO;
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
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// One encoded image on its way through ImageSharp: the header is identified first (format, size, colour type), the
/// size checked against <see cref="ImageFile.MaxPixels"/>, and only then are pixels decoded, into the pixel type that
/// matches the file's channels. ImageSharp's exceptions become <see cref="InvalidFileException"/>s naming the file.
/// </summary>
internal sealed class ImageDecoding
{
    private const string Readable = "PNG, JPEG, BMP, GIF, PBM/PGM/PPM, TGA, TIFF or WebP";

    private readonly byte[] data;
    private readonly string source;
    private readonly string formatName;

    private ImageDecoding(byte[] data, string source, IImageFormat format, IImageInfo info)
    {
        this.data = data;
        this.source = source;
        formatName = format.Name;
        Size = (info.Width, info.Height);
        (Channels, SixteenBit) = ColourType(format, info);
    }

    public (int Width, int Height) Size { get; }

    /// <summary>1 to 4 from the header, or 0 for formats whose header does not say (decoded as RGBA, alpha kept only when used).</summary>
    public int Channels { get; }

    public bool SixteenBit { get; }

    /// <summary>Reads the header and refuses what cannot or should not be decoded.</summary>
    /// <exception cref="InvalidFileException">Empty, not an image, a corrupt header, a truncated JPEG, or too many pixels.</exception>
    public static ImageDecoding Open(byte[] data, string source)
    {
        if (data.Length == 0)
        {
            throw new InvalidFileException(source, "empty file, not an image");
        }

        var format = Image.DetectFormat(ImageSharpConfiguration.Instance, data)
            ?? throw new InvalidFileException(source, $"not a {Readable} image (first bytes {Convert.ToHexString(data.AsSpan(0, Math.Min(8, data.Length)))})");
        var info = Guarded(source, format.Name, () => Image.Identify(ImageSharpConfiguration.Instance, data, out _))
            ?? throw new InvalidFileException(source, $"corrupt {format.Name} header");
        if ((long)info.Width * info.Height > ImageFile.MaxPixels)
        {
            throw new InvalidFileException(source, $"the {format.Name} header claims {info.Width}x{info.Height} pixels, more than the {ImageFile.MaxPixels:N0} decoded (a corrupt header or a decompression bomb)");
        }

        if (format is JpegFormat && !HasEndOfImageAfterLastScan(data))
        {
            throw new InvalidFileException(source, "truncated JPEG: no end-of-image marker after the last scan");
        }

        return new ImageDecoding(data, source, format, info);
    }

    public static ImageFormat FormatOf(IImageFormat? format) => format switch
    {
        PngFormat => ImageFormat.Png,
        JpegFormat => ImageFormat.Jpeg,
        BmpFormat => ImageFormat.Bmp,
        GifFormat => ImageFormat.Gif,
        PbmFormat => ImageFormat.Pnm,
        TgaFormat => ImageFormat.Tga,
        TiffFormat => ImageFormat.Tiff,
        WebpFormat => ImageFormat.Webp,
        _ => ImageFormat.Unknown,
    };

    /// <summary>8 bits per sample; 16-bit files keep the high byte of each sample (what PIL returns for 16-bit RGB).</summary>
    public ByteImage ToByteImage()
    {
        if (SixteenBit)
        {
            return ToUShortImage().ToByteImage();
        }

        var image = Channels switch
        {
            1 => Bytes<L8>(),
            2 => Bytes<La16>(),
            3 => Bytes<Rgb24>(),
            _ => Bytes<Rgba32>(),
        };
        return Channels == 0 && IsOpaque(image) ? image.ToRgb() : image;
    }

    /// <summary>16 bits per sample; 8-bit files are widened exactly (v * 257).</summary>
    public UShortImage ToUShortImage()
    {
        if (!SixteenBit)
        {
            return UShortImage.FromByteImage(ToByteImage());
        }

        return Channels switch
        {
            1 => Samples<L16>(),
            2 => Samples<La32>(),
            3 => Samples<Rgb48>(),
            _ => Samples<Rgba64>(),
        };
    }

    private ByteImage Bytes<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Load<TPixel>();
        return image.ToByteImage();
    }

    private UShortImage Samples<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Load<TPixel>();
        return image.ToUShortImage();
    }

    private Image<TPixel> Load<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel> =>
        Guarded(source, formatName, () => Image.Load<TPixel>(ImageSharpConfiguration.Instance, data));

    /// <summary>Channels and bit depth as the header states them; PIL's conversions give the same channel counts.</summary>
    private static (int Channels, bool SixteenBit) ColourType(IImageFormat format, IImageInfo info)
    {
        switch (format)
        {
            case PngFormat:
                var png = info.Metadata.GetPngMetadata();
                bool transparent = png.HasTransparency;
                int channels = png.ColorType switch
                {
                    PngColorType.Grayscale => transparent ? 2 : 1,
                    PngColorType.GrayscaleWithAlpha => 2,
                    PngColorType.RgbWithAlpha => 4,
                    PngColorType.Palette => 0, // ImageSharp does not flag a palette's tRNS: keep alpha when a pixel uses it
                    _ => transparent ? 4 : 3,
                };
                return (channels, png.BitDepth == PngBitDepth.Bit16);
            case JpegFormat:
                return (info.Metadata.GetJpegMetadata().ColorType == JpegColorType.Luminance ? 1 : 3, false);
            case PbmFormat:
                var pbm = info.Metadata.GetPbmMetadata();
                return (pbm.ColorType == PbmColorType.Rgb ? 3 : 1, pbm.ComponentType == PbmComponentType.Short);
            case BmpFormat:
                return (3, false);
            default:
                return (0, false);
        }
    }

    /// <summary>
    /// ImageSharp fills the missing part of a cut-off JPEG with gray instead of failing, so a truncated file is caught
    /// here: entropy-coded data never holds the bytes FF D9, so a complete file has its end-of-image marker after its
    /// last start-of-scan marker (FF DA); an embedded thumbnail ends before the main image's first scan.
    /// </summary>
    private static bool HasEndOfImageAfterLastScan(ReadOnlySpan<byte> data)
    {
        int lastScan = data.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        return lastScan >= 0 && data[lastScan..].IndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }

    private static bool IsOpaque(ByteImage rgba)
    {
        for (int i = 3; i < rgba.Pixels.Length; i += 4)
        {
            if (rgba.Pixels[i] != 255)
            {
                return false;
            }
        }

        return true;
    }

    private static T Guarded<T>(string source, string formatName, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidMemoryOperationException error)
        {
            throw new InvalidFileException(source, $"{formatName} too large to decode: {error.Message}", error);
        }
        catch (UnknownImageFormatException error)
        {
            throw new InvalidFileException(source, $"not a {Readable} image: {error.Message}", error);
        }
        catch (Exception error) when (error is ImageFormatException or NotSupportedException or EndOfStreamException or InvalidDataException
                                          or IndexOutOfRangeException or ArgumentException or ArithmeticException or NullReferenceException)
        {
            // A decoder that meets malformed data mid-stream may fail with a bounds, arithmetic or null-reference error rather
            // than its own (ImageSharp 2.1: a JFIF with mutated tables, a PGM whose maxval is 0): the file is still what is wrong.
            throw new InvalidFileException(source, $"corrupt or truncated {formatName}: {error.Message}", error);
        }
    }
}
