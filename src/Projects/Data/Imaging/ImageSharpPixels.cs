using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// <see cref="ByteImage"/> and <see cref="UShortImage"/> to and from ImageSharp images, for code that wants ImageSharp's
/// processing (resize, draw, save in another format). Channels map to pixel types one to one: 1 L8/L16, 2 La16/La32,
/// 3 Rgb24/Rgb48, 4 Rgba32/Rgba64; ImageSharp's pixel structs hold their channels in that order, so rows copy as bytes.
/// </summary>
public static class ImageSharpPixels
{
    /// <summary>The image as the ImageSharp pixel type of its channel count (L8, La16, Rgb24 or Rgba32).</summary>
    public static Image ToImageSharp(this ByteImage image) => image.Channels switch
    {
        1 => Image.LoadPixelData<L8>(ImageSharpConfiguration.Instance, image.Pixels, image.Width, image.Height),
        2 => Image.LoadPixelData<La16>(ImageSharpConfiguration.Instance, image.Pixels, image.Width, image.Height),
        3 => Image.LoadPixelData<Rgb24>(ImageSharpConfiguration.Instance, image.Pixels, image.Width, image.Height),
        _ => Image.LoadPixelData<Rgba32>(ImageSharpConfiguration.Instance, image.Pixels, image.Width, image.Height),
    };

    /// <summary>The image converted to <typeparamref name="TPixel"/> (gray spreads to RGB, missing alpha is opaque).</summary>
    public static Image<TPixel> ToImageSharp<TPixel>(this ByteImage image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var native = image.ToImageSharp();
        return native as Image<TPixel> is { } same ? same.Clone() : native.CloneAs<TPixel>(ImageSharpConfiguration.Instance);
    }

    /// <summary>The 16-bit image as L16, La32, Rgb48 or Rgba64.</summary>
    public static Image ToImageSharp(this UShortImage image)
    {
        var bytes = MemoryMarshal.AsBytes(image.Samples.AsSpan());
        return image.Channels switch
        {
            1 => Image.LoadPixelData<L16>(ImageSharpConfiguration.Instance, bytes, image.Width, image.Height),
            2 => Image.LoadPixelData<La32>(ImageSharpConfiguration.Instance, bytes, image.Width, image.Height),
            3 => Image.LoadPixelData<Rgb48>(ImageSharpConfiguration.Instance, bytes, image.Width, image.Height),
            _ => Image.LoadPixelData<Rgba64>(ImageSharpConfiguration.Instance, bytes, image.Width, image.Height),
        };
    }

    /// <summary>
    /// The first frame as a ByteImage: L8 gives 1 channel, La16 2, Rgb24 3, Rgba32 4; any other pixel type is converted
    /// to Rgba32 (4 channels).
    /// </summary>
    public static ByteImage ToByteImage(this Image image) => image switch
    {
        Image<L8> gray => CopyBytes(gray, 1),
        Image<La16> grayAlpha => CopyBytes(grayAlpha, 2),
        Image<Rgb24> rgb => CopyBytes(rgb, 3),
        Image<Rgba32> rgba => CopyBytes(rgba, 4),
        _ => ConvertedBytes(image),
    };

    /// <summary>The first frame of a 16-bit image (L16, La32, Rgb48, Rgba64) as a UShortImage.</summary>
    public static UShortImage ToUShortImage(this Image image) => image switch
    {
        Image<L16> gray => CopySamples(gray, 1),
        Image<La32> grayAlpha => CopySamples(grayAlpha, 2),
        Image<Rgb48> rgb => CopySamples(rgb, 3),
        Image<Rgba64> rgba => CopySamples(rgba, 4),
        _ => throw new ArgumentException($"a UShortImage is made from L16, La32, Rgb48 or Rgba64 pixels, not {image.GetType().Name}"),
    };

    private static ByteImage ConvertedBytes(Image image)
    {
        using var rgba = image.CloneAs<Rgba32>(ImageSharpConfiguration.Instance);
        return CopyBytes(rgba, 4);
    }

    private static ByteImage CopyBytes<TPixel>(Image<TPixel> image, int channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var result = new ByteImage(image.Width, image.Height, channels);
        CopyRows(image, result.Pixels, channels);
        return result;
    }

    private static UShortImage CopySamples<TPixel>(Image<TPixel> image, int channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var result = new UShortImage(image.Width, image.Height, channels);
        CopyRows(image, result.Samples, channels);
        return result;
    }

    /// <summary>Each row of pixels as its samples, one after another (the pixel types hold their channels in order).</summary>
    private static void CopyRows<TPixel, TSample>(Image<TPixel> image, TSample[] destination, int channels)
        where TPixel : unmanaged, IPixel<TPixel>
        where TSample : unmanaged
    {
        int rowLength = image.Width * channels;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                MemoryMarshal.Cast<TPixel, TSample>(rows.GetRowSpan(y)).CopyTo(destination.AsSpan(y * rowLength, rowLength));
            }
        });
    }
}
