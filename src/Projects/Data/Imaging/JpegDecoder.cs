using IlgpuNet.Kernels.Native;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Reads baseline and progressive JPEGs through libjpeg-turbo (see <see cref="TurboJpeg"/>):
/// grayscale stays 1 channel, colour becomes RGB. Library warnings (e.g. a truncated file) are errors.
/// </summary>
public static class JpegDecoder
{
    public static ByteImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages (a file path).</param>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string source = "<memory>")
    {
        if (data.Length < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
        {
            throw ImageDataException.Create(source, "not a JPEG file (no SOI marker)");
        }

        try
        {
            var pixels = TurboJpeg.Decompress(data, out int width, out int height, out int channels);
            return new ByteImage(width, height, channels, pixels);
        }
        catch (InvalidDataException e)
        {
            throw ImageDataException.Create(source, $"corrupt JPEG: {e.Message}", e);
        }
    }
}
