using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// The Y channel as the super-resolution literature handles it: MATLAB's rgb2ycbcr on uint8 images (rounded to bytes),
/// gray images taken as they are; downscaling by MATLAB's bicubic imresize on uint8; border crops to a multiple of the scale.
/// </summary>
public static class Luma
{
    /// <summary>The 8-bit Y plane of an RGB(A) image; a gray(+alpha) image is its own luma.</summary>
    public static ByteImage Of(ByteImage image) =>
        image.Channels >= 3 ? Channel(ColorSpace.RgbToYCbCr(image), 0) : Channel(image, 0);

    /// <summary>One channel of an interleaved image as a 1-channel image.</summary>
    public static ByteImage Channel(ByteImage image, int channel)
    {
        var result = new ByteImage(image.Width, image.Height, 1);
        for (int i = 0; i < result.Pixels.Length; i++)
        {
            result.Pixels[i] = image.Pixels[i * image.Channels + channel];
        }

        return result;
    }

    /// <summary>MATLAB's modcrop: cut the bottom rows and right columns so both sides divide by <paramref name="scale"/>.</summary>
    public static ByteImage ModCrop(ByteImage image, int scale)
    {
        int width = image.Width - image.Width % scale, height = image.Height - image.Height % scale;
        if (width == 0 || height == 0)
        {
            throw new ArgumentException($"a {image.Width}x{image.Height} image is smaller than the scale factor {scale}");
        }

        return width == image.Width && height == image.Height ? image : Crop(image, 0, 0, width, height);
    }

    /// <summary>The <paramref name="width"/>×<paramref name="height"/> rectangle at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static ByteImage Crop(ByteImage image, int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > image.Width || top + height > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(left), $"crop {width}x{height} at ({left}, {top}) does not fit in a {image.Width}x{image.Height} image");
        }

        var result = new ByteImage(width, height, image.Channels);
        int rowBytes = width * image.Channels;
        for (int y = 0; y < height; y++)
        {
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * image.Channels, result.Pixels, y * rowBytes, rowBytes);
        }

        return result;
    }

    /// <summary>The low-resolution partner of an 8-bit plane whose sides divide by <paramref name="scale"/>: imresize(hr, 1/scale, 'bicubic').</summary>
    public static ByteImage Downscale(ByteImage highRes, int scale) => ImageResize.Resize(highRes, 1.0 / scale, ResizeMethod.Bicubic);

    /// <summary>[0, 1] floats from a 1-channel byte plane.</summary>
    public static FloatImage ToUnit(ByteImage plane) => FloatImage.FromBytes(plane);

    /// <summary>Back to bytes (clamped, rounded half away from zero): what a saved result holds.</summary>
    public static ByteImage Quantize(FloatImage plane) => plane.ToBytes();
}
