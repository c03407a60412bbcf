using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data;

/// <summary>
/// MATLAB's rgb2ycbcr / ycbcr2rgb (ITU-R BT.601, studio range: Y in [16, 235], Cb/Cr in [16, 240] on the 0..255 scale)
/// and grayscale luma. Float images carry values on the scale given by <c>maxValue</c>: 1 for [0, 1] (MATLAB's double
/// images), 255 for [0, 255]; the output uses the same scale. Byte overloads round half away from zero as MATLAB's uint8 path.
/// </summary>
public static class ColorSpace
{
    // Rows give Y, Cb, Cr on the 0..255 scale from R, G, B in [0, 1]; offsets are added after.
    private static readonly double[,] Forward =
    {
        { 65.481, 128.553, 24.966 },
        { -37.797, -74.203, 112.0 },
        { 112.0, -93.786, -18.214 },
    };

    private static readonly double[] Offset = [16, 128, 128];

    private static readonly double[,] Inverse = Invert(Forward);

    /// <summary>Y, Cb, Cr planes from R, G, B planes (first three channels).</summary>
    public static FloatImage RgbToYCbCr(FloatImage rgb, float maxValue = 1f)
    {
        RequireColour(rgb.Channels);
        var result = new FloatImage(3, rgb.Height, rgb.Width);
        for (int c = 0; c < 3; c++)
        {
            ToYCbCrPlane(rgb, c, maxValue, result.Plane(c));
        }

        return result;
    }

    /// <summary>The Y (luma) plane alone, as the super-resolution literature evaluates PSNR/SSIM.</summary>
    public static FloatImage RgbToY(FloatImage rgb, float maxValue = 1f)
    {
        RequireColour(rgb.Channels);
        var result = new FloatImage(1, rgb.Height, rgb.Width);
        ToYCbCrPlane(rgb, 0, maxValue, result.Plane(0));
        return result;
    }

    public static FloatImage YCbCrToRgb(FloatImage ycbcr, float maxValue = 1f)
    {
        RequireColour(ycbcr.Channels);
        var result = new FloatImage(3, ycbcr.Height, ycbcr.Width);
        int plane = ycbcr.PlaneSize;
        var y = ycbcr.Plane(0);
        var cb = ycbcr.Plane(1);
        var cr = ycbcr.Plane(2);
        double toByteScale = 255.0 / maxValue;
        for (int c = 0; c < 3; c++)
        {
            var destination = result.Plane(c);
            for (int i = 0; i < plane; i++)
            {
                // rgb01 = Inverse * (ycbcr255 - offset); then back to the caller's scale.
                double value = Inverse[c, 0] * (y[i] * toByteScale - Offset[0])
                    + Inverse[c, 1] * (cb[i] * toByteScale - Offset[1])
                    + Inverse[c, 2] * (cr[i] * toByteScale - Offset[2]);
                destination[i] = (float)(value * maxValue);
            }
        }

        return result;
    }

    /// <summary>uint8 rgb2ycbcr: computed in double, rounded to bytes.</summary>
    public static ByteImage RgbToYCbCr(ByteImage rgb) => MapBytes(rgb, image => RgbToYCbCr(image, 255f));

    /// <summary>uint8 ycbcr2rgb: computed in double, clamped and rounded to bytes.</summary>
    public static ByteImage YCbCrToRgb(ByteImage ycbcr) => MapBytes(ycbcr, image => YCbCrToRgb(image, 255f));

    /// <summary>Luma 0.2989 R + 0.587 G + 0.114 B, torchvision's rgb_to_grayscale on float tensors (scale-free).</summary>
    public static FloatImage Grayscale(FloatImage rgb)
    {
        RequireColour(rgb.Channels);
        var result = new FloatImage(1, rgb.Height, rgb.Width);
        var r = rgb.Plane(0);
        var g = rgb.Plane(1);
        var b = rgb.Plane(2);
        var destination = result.Plane(0);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = 0.2989f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }

        return result;
    }

    /// <summary>PIL's <c>convert("L")</c>: ITU-R 601-2 luma in 16-bit fixed point, (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.</summary>
    public static ByteImage Grayscale(ByteImage rgb)
    {
        RequireColour(rgb.Channels);
        var result = new ByteImage(rgb.Width, rgb.Height, 1);
        int channels = rgb.Channels;
        var pixels = rgb.Pixels;
        for (int i = 0; i < result.Pixels.Length; i++)
        {
            int p = i * channels;
            result.Pixels[i] = (byte)((pixels[p] * 19595 + pixels[p + 1] * 38470 + pixels[p + 2] * 7471 + 0x8000) >> 16);
        }

        return result;
    }

    private static void ToYCbCrPlane(FloatImage rgb, int row, float maxValue, Span<float> destination)
    {
        var r = rgb.Plane(0);
        var g = rgb.Plane(1);
        var b = rgb.Plane(2);
        double toUnit = 1.0 / maxValue, fromByte = maxValue / 255.0;
        double wr = Forward[row, 0] * toUnit, wg = Forward[row, 1] * toUnit, wb = Forward[row, 2] * toUnit;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)((wr * r[i] + wg * g[i] + wb * b[i] + Offset[row]) * fromByte);
        }
    }

    private static ByteImage MapBytes(ByteImage image, Func<FloatImage, FloatImage> convert)
    {
        RequireColour(image.Channels);
        var planes = new FloatImage(3, image.Height, image.Width);
        int channels = image.Channels;
        for (int c = 0; c < 3; c++)
        {
            var plane = planes.Plane(c);
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = image.Pixels[i * channels + c];
            }
        }

        return convert(planes).ToBytes(scale: 1f);
    }

    private static void RequireColour(int channels)
    {
        if (channels < 3)
        {
            throw new ArgumentException($"a colour conversion needs 3 channels (RGB or YCbCr), got {channels}");
        }
    }

    private static double[,] Invert(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], k = m[2, 2];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        return new double[,]
        {
            { (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det },
            { (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det },
            { (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det },
        };
    }
}
