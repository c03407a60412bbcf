using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// A colour result from an enlarged Y channel: Cb and Cr of the low-resolution image (MATLAB rgb2ycbcr, uint8) are
/// upsampled bicubically, joined with Y and turned back to RGB (ycbcr2rgb). Gray inputs give gray results.
/// </summary>
public static class ColourComposer
{
    public static ByteImage Compose(ByteImage lowRes, ByteImage luma, int scale)
    {
        if (luma.Channels != 1)
        {
            throw new ArgumentException($"the enlarged luma must have one channel, got {luma.Channels}");
        }

        if (lowRes.Channels < 3)
        {
            return luma;
        }

        var ycbcr = ColorSpace.RgbToYCbCr(lowRes);
        var planes = new FloatImage(3, luma.Height, luma.Width);
        Luma.ToUnit(luma).Plane(0).CopyTo(planes.Plane(0));
        for (int c = 1; c < 3; c++)
        {
            var chroma = ImageResize.Resize(Luma.ToUnit(Luma.Channel(ycbcr, c)), scale, ResizeMethod.Bicubic);
            if (chroma.Height < luma.Height || chroma.Width < luma.Width)
            {
                throw new ArgumentException($"a {luma.Width}x{luma.Height} luma is larger than {scale}x the {lowRes.Width}x{lowRes.Height} image");
            }

            chroma.Crop(0, 0, luma.Height, luma.Width).Plane(0).CopyTo(planes.Plane(c));
        }

        return ColorSpace.YCbCrToRgb(planes).ToBytes();
    }

    /// <summary>Enlarge a colour (or gray) image with a method working on Y.</summary>
    public static ByteImage Upscale(ByteImage lowRes, ISuperResolver method)
    {
        var luma = Luma.Quantize(method.Upscale(Luma.ToUnit(Luma.Of(lowRes))));
        return Compose(lowRes, luma, method.Scale);
    }
}
