namespace IlgpuNet.Data.Imaging;

/// <summary>Reads any supported image by its magic bytes (PNG, JPEG, BMP, PGM/PPM) and writes by file extension.</summary>
public static class ImageFile
{
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (PngDecoder.HasSignature(data))
        {
            return ImageFormat.Png;
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (data.Length >= 2 && data[0] == 'B' && data[1] == 'M')
        {
            return ImageFormat.Bmp;
        }

        if (data.Length >= 2 && data[0] == 'P' && data[1] is (byte)'5' or (byte)'6')
        {
            return ImageFormat.Pnm;
        }

        return ImageFormat.Unknown;
    }

    /// <summary>Decodes a file to 8 bits per sample; see each decoder for its channel layout.</summary>
    /// <exception cref="Tensors.IO.InvalidFileException">The file is not a supported image or is corrupt; the message names the file.</exception>
    public static ByteImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>") => DetectFormat(data) switch
    {
        ImageFormat.Png => PngDecoder.Decode(data, source),
        ImageFormat.Jpeg => JpegDecoder.Decode(data, source),
        ImageFormat.Bmp => BmpDecoder.Decode(data, source),
        ImageFormat.Pnm => PnmDecoder.Decode(data, source),
        _ => throw ImageDataException.Create(source, UnknownFormatMessage(data)),
    };

    /// <summary>Writes by extension: .png (8-bit, lossless) or .jpg/.jpeg (quality 90, alpha dropped).</summary>
    public static void Write(string path, ByteImage image)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png":
                PngEncoder.Write(path, image);
                break;
            case ".jpg" or ".jpeg":
                JpegEncoder.Write(path, image);
                break;
            default:
                throw new NotSupportedException($"{path}: cannot write images with extension '{Path.GetExtension(path)}'; supported: .png, .jpg, .jpeg");
        }
    }

    private static string UnknownFormatMessage(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return "empty file, not an image";
        }

        string first = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
        return $"not a PNG, JPEG, BMP or PGM/PPM image (first bytes {first})";
    }
}
