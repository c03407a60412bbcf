using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Native;

/// <summary>
/// libjpeg-turbo's TurboJPEG API (libturbojpeg.so.0, Debian libturbojpeg0): decodes baseline and progressive
/// JPEGs to 8-bit gray or RGB, and encodes them. Errors are InvalidDataException with the library's message.
/// </summary>
public static unsafe partial class TurboJpeg
{
    public const string MissingLibraryMessage = "libturbojpeg.so.0 not found: apt-get install libturbojpeg0";

    private const string Library = "libturbojpeg.so.0";

    // Values from turbojpeg.h.
    private const int PixelFormatRgb = 0; // TJPF_RGB
    private const int PixelFormatGray = 6; // TJPF_GRAY
    private const int ColorspaceGray = 2; // TJCS_GRAY
    private const int Subsampling444 = 0; // TJSAMP_444
    private const int Subsampling420 = 2; // TJSAMP_420
    private const int SubsamplingGray = 3; // TJSAMP_GRAY
    private const int FlagProgressive = 16384; // TJFLAG_PROGRESSIVE
    private const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT

    /// <summary>Decodes a JPEG: grayscale stays 1 channel, everything else becomes RGB (3 channels), rows top to bottom.</summary>
    /// <exception cref="InvalidDataException">Not a JPEG, corrupt or truncated (the library's warnings count too).</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> jpeg, out int width, out int height, out int channels)
    {
        nint handle = CreateHandle(compress: false);
        try
        {
            fixed (byte* source = jpeg)
            {
                int w, h, subsampling, colorspace;
                Check(handle, tjDecompressHeader3(handle, source, new CULong((nuint)jpeg.Length), &w, &h, &subsampling, &colorspace));
                channels = colorspace == ColorspaceGray ? 1 : 3;
                if ((long)w * h * channels > Array.MaxLength)
                {
                    throw new InvalidDataException($"JPEG of {w}x{h} is too large");
                }

                var pixels = new byte[w * h * channels];
                fixed (byte* destination = pixels)
                {
                    int format = channels == 1 ? PixelFormatGray : PixelFormatRgb;
                    Check(handle, tjDecompress2(handle, source, new CULong((nuint)jpeg.Length), destination, w, w * channels, h, format, FlagAccurateDct));
                }

                (width, height) = (w, h);
                return pixels;
            }
        }
        finally
        {
            _ = tjDestroy(handle);
        }
    }

    /// <summary>Encodes 8-bit gray (1 channel) or RGB (3 channels) pixels, rows top to bottom.</summary>
    /// <param name="quality">1..100, as in PIL.</param>
    /// <param name="progressive">Write a progressive JPEG instead of a baseline one.</param>
    /// <param name="subsampleChroma">4:2:0 chroma like PIL's default; false keeps full-resolution colour (4:4:4).</param>
    public static byte[] Compress(ReadOnlySpan<byte> pixels, int width, int height, int channels, int quality = 90, bool progressive = false, bool subsampleChroma = true)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"JPEG holds gray (1) or RGB (3) channels, got {channels}");
        }

        if (pixels.Length != width * height * channels)
        {
            throw new ArgumentException($"{width}x{height}x{channels} image needs {width * height * channels} bytes, got {pixels.Length}");
        }

        nint handle = CreateHandle(compress: true);
        byte* jpeg = null;
        try
        {
            CULong size = default;
            int subsampling = channels == 1 ? SubsamplingGray : subsampleChroma ? Subsampling420 : Subsampling444;
            int flags = FlagAccurateDct | (progressive ? FlagProgressive : 0);
            fixed (byte* source = pixels)
            {
                int format = channels == 1 ? PixelFormatGray : PixelFormatRgb;
                Check(handle, tjCompress2(handle, source, width, width * channels, height, format, &jpeg, &size, subsampling, Math.Clamp(quality, 1, 100), flags));
            }

            return new ReadOnlySpan<byte>(jpeg, checked((int)size.Value)).ToArray();
        }
        finally
        {
            if (jpeg != null)
            {
                tjFree(jpeg);
            }

            _ = tjDestroy(handle);
        }
    }

    private static nint CreateHandle(bool compress)
    {
        nint handle;
        try
        {
            handle = compress ? tjInitCompress() : tjInitDecompress();
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(MissingLibraryMessage, e);
        }

        if (handle == 0)
        {
            throw new InvalidOperationException($"TurboJPEG could not create a handle: {ErrorMessage(0)}");
        }

        return handle;
    }

    // A warning (TJERR_WARNING: e.g. "Premature end of JPEG file") is an error here too: the pixels may be garbage.
    private static void Check(nint handle, int result)
    {
        if (result != 0)
        {
            throw new InvalidDataException(ErrorMessage(handle));
        }
    }

    private static string ErrorMessage(nint handle) => Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown TurboJPEG error";

    [LibraryImport(Library)]
    private static partial nint tjInitDecompress();

    [LibraryImport(Library)]
    private static partial nint tjInitCompress();

    [LibraryImport(Library)]
    private static partial int tjDestroy(nint handle);

    [LibraryImport(Library)]
    private static partial nint tjGetErrorStr2(nint handle);

    [LibraryImport(Library)]
    private static partial int tjDecompressHeader3(nint handle, byte* jpegBuffer, CULong jpegSize, int* width, int* height, int* subsampling, int* colorspace);

    [LibraryImport(Library)]
    private static partial int tjDecompress2(nint handle, byte* jpegBuffer, CULong jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library)]
    private static partial int tjCompress2(
        nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** jpegBuffer, CULong* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library)]
    private static partial void tjFree(byte* buffer);
}
