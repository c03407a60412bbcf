using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data;

/// <summary>
/// Separable image resizing. Nearest and bilinear follow PyTorch's <c>F.interpolate</c> (align_corners=False, no
/// antialias); bicubic follows MATLAB's <c>imresize</c> exactly (its contributions() weights and index mapping,
/// antialiasing when shrinking, edge samples replicated past the border: imresize.m clamps out-of-range indices), which the super-resolution literature's numbers assume.
/// Passes run in double precision, along the dimension with the smaller scale first (MATLAB's order; height first on a
/// tie). Byte images are resized as MATLAB resizes uint8: every pass rounds and saturates to bytes.
/// </summary>
public static class ImageResize
{
    /// <summary>Resize to an explicit size; the scale of each axis is out / in.</summary>
    public static FloatImage Resize(FloatImage image, int height, int width, ResizeMethod method, bool antialias = true)
    {
        var planes = ToDouble(image.Data);
        var result = ResizePlanes(planes, image.Channels, image.Height, image.Width, height, width,
            (double)height / image.Height, (double)width / image.Width, method, antialias, roundEachPass: false);
        return new FloatImage(image.Channels, height, width, ToSingle(result));
    }

    /// <summary>Resize by a factor: output size ceil(scale * size), and (for bicubic) the kernel uses <paramref name="scale"/> itself, as MATLAB does.</summary>
    public static FloatImage Resize(FloatImage image, double scale, ResizeMethod method, bool antialias = true)
    {
        var (height, width) = ScaledSize(image.Height, image.Width, scale);
        var planes = ToDouble(image.Data);
        var result = ResizePlanes(planes, image.Channels, image.Height, image.Width, height, width,
            scale, scale, method, antialias, roundEachPass: false);
        return new FloatImage(image.Channels, height, width, ToSingle(result));
    }

    /// <summary>Resize an 8-bit image to an explicit size, rounding after each pass like MATLAB's uint8 path.</summary>
    public static ByteImage Resize(ByteImage image, int height, int width, ResizeMethod method, bool antialias = true) =>
        ResizeBytes(image, height, width, (double)height / image.Height, (double)width / image.Width, method, antialias);

    /// <summary>Resize an 8-bit image by a factor (output ceil(scale * size)), rounding after each pass like MATLAB's uint8 path.</summary>
    public static ByteImage Resize(ByteImage image, double scale, ResizeMethod method, bool antialias = true)
    {
        var (height, width) = ScaledSize(image.Height, image.Width, scale);
        return ResizeBytes(image, height, width, scale, scale, method, antialias);
    }

    /// <summary>MATLAB's output size for a scale factor: ceil(scale * size) per axis.</summary>
    public static (int Height, int Width) ScaledSize(int height, int width, double scale)
    {
        if (!(scale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"scale must be positive, got {scale}");
        }

        return ((int)Math.Ceiling(scale * height), (int)Math.Ceiling(scale * width));
    }

    private static ByteImage ResizeBytes(
        ByteImage image, int height, int width, double scaleY, double scaleX, ResizeMethod method, bool antialias)
    {
        int channels = image.Channels, plane = image.Width * image.Height;
        var planes = new double[channels * plane];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                planes[c * plane + i] = image.Pixels[i * channels + c];
            }
        }

        var resized = ResizePlanes(planes, channels, image.Height, image.Width, height, width,
            scaleY, scaleX, method, antialias, roundEachPass: true);
        var result = new ByteImage(width, height, channels);
        int outPlane = width * height;
        for (int i = 0; i < outPlane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                result.Pixels[i * channels + c] = (byte)resized[c * outPlane + i]; // already rounded and clamped
            }
        }

        return result;
    }

    private static double[] ResizePlanes(
        double[] planes, int channels, int inHeight, int inWidth, int outHeight, int outWidth,
        double scaleY, double scaleX, ResizeMethod method, bool antialias, bool roundEachPass)
    {
        if (outHeight <= 0 || outWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outHeight), $"output size must be positive, got {outHeight}x{outWidth}");
        }

        var rows = AxisWeights.Build(inHeight, outHeight, scaleY, method, antialias);
        var columns = AxisWeights.Build(inWidth, outWidth, scaleX, method, antialias);
        if (scaleY <= scaleX)
        {
            var tall = ResizeRows(planes, channels, inHeight, inWidth, rows, roundEachPass);
            return ResizeColumns(tall, channels, outHeight, inWidth, columns, roundEachPass);
        }

        var wide = ResizeColumns(planes, channels, inHeight, inWidth, columns, roundEachPass);
        return ResizeRows(wide, channels, inHeight, outWidth, rows, roundEachPass);
    }

    private static double[] ResizeRows(double[] source, int channels, int height, int width, AxisWeights axis, bool round)
    {
        var result = new double[channels * axis.OutLength * width];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < axis.OutLength; y++)
            {
                var destination = result.AsSpan((c * axis.OutLength + y) * width, width);
                for (int t = 0; t < axis.Taps; t++)
                {
                    double weight = axis.Weights[y * axis.Taps + t];
                    if (weight == 0)
                    {
                        continue;
                    }

                    var row = source.AsSpan((c * height + axis.Indices[y * axis.Taps + t]) * width, width);
                    for (int x = 0; x < width; x++)
                    {
                        destination[x] += weight * row[x];
                    }
                }

                if (round)
                {
                    RoundToBytes(destination);
                }
            }
        }

        return result;
    }

    private static double[] ResizeColumns(double[] source, int channels, int height, int width, AxisWeights axis, bool round)
    {
        int outWidth = axis.OutLength;
        var result = new double[channels * height * outWidth];
        for (int r = 0; r < channels * height; r++)
        {
            var row = source.AsSpan(r * width, width);
            var destination = result.AsSpan(r * outWidth, outWidth);
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                for (int t = 0; t < axis.Taps; t++)
                {
                    sum += axis.Weights[x * axis.Taps + t] * row[axis.Indices[x * axis.Taps + t]];
                }

                destination[x] = sum;
            }

            if (round)
            {
                RoundToBytes(destination);
            }
        }

        return result;
    }

    private static void RoundToBytes(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = FloatImage.ToByte(values[i]);
        }
    }

    private static double[] ToDouble(float[] values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static float[] ToSingle(double[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    /// <summary>For each output index along one axis: the source indices and weights that make it.</summary>
    private sealed class AxisWeights
    {
        private AxisWeights(int outLength, int taps)
        {
            OutLength = outLength;
            Taps = taps;
            Indices = new int[outLength * taps];
            Weights = new double[outLength * taps];
        }

        public int OutLength { get; }

        public int Taps { get; }

        public int[] Indices { get; }

        public double[] Weights { get; }

        public static AxisWeights Build(int inLength, int outLength, double scale, ResizeMethod method, bool antialias) =>
            method switch
            {
                ResizeMethod.Nearest => Nearest(inLength, outLength),
                ResizeMethod.Bilinear => Bilinear(inLength, outLength),
                ResizeMethod.Bicubic => MatlabCubic(inLength, outLength, scale, antialias),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown resize method"),
            };

        // PyTorch computes the coordinate scale in float32; doing the same keeps the picked indices identical.
        private static AxisWeights Nearest(int inLength, int outLength)
        {
            var axis = new AxisWeights(outLength, 1);
            float scale = (float)inLength / outLength;
            for (int i = 0; i < outLength; i++)
            {
                axis.Indices[i] = Math.Min((int)MathF.Floor(i * scale), inLength - 1);
                axis.Weights[i] = 1;
            }

            return axis;
        }

        private static AxisWeights Bilinear(int inLength, int outLength)
        {
            var axis = new AxisWeights(outLength, 2);
            float scale = (float)inLength / outLength;
            for (int i = 0; i < outLength; i++)
            {
                float source = MathF.Max(scale * (i + 0.5f) - 0.5f, 0f);
                int i0 = (int)source;
                float lambda = source - i0;
                axis.Indices[2 * i] = i0;
                axis.Indices[2 * i + 1] = i0 < inLength - 1 ? i0 + 1 : i0;
                axis.Weights[2 * i] = 1f - lambda;
                axis.Weights[2 * i + 1] = lambda;
            }

            return axis;
        }

        // MATLAB imresize's contributions(): 1-based output x maps to u = x/scale + 0.5*(1 - 1/scale); taps
        // floor(u - width/2) + 0..ceil(width)+1; weights normalised to sum 1; indices clamped to [1, n]. Clamping, not
        // mirroring, is what reproduces MATLAB's own output byte for byte (checked on SelfExSR's Set5/Set14 LR images).
        private static AxisWeights MatlabCubic(int inLength, int outLength, double scale, bool antialias)
        {
            bool widen = antialias && scale < 1;
            double kernelWidth = widen ? 4.0 / scale : 4.0;
            int taps = (int)Math.Ceiling(kernelWidth) + 2;
            var axis = new AxisWeights(outLength, taps);
            for (int i = 0; i < outLength; i++)
            {
                double u = (i + 1) / scale + 0.5 * (1 - 1 / scale);
                double left = Math.Floor(u - kernelWidth / 2);
                double sum = 0;
                for (int t = 0; t < taps; t++)
                {
                    double index = left + t;
                    double weight = widen ? scale * Cubic(scale * (u - index)) : Cubic(u - index);
                    axis.Weights[i * taps + t] = weight;
                    axis.Indices[i * taps + t] = (int)Math.Clamp(index - 1, 0, inLength - 1);
                    sum += weight;
                }

                for (int t = 0; t < taps; t++)
                {
                    axis.Weights[i * taps + t] /= sum;
                }
            }

            return axis;
        }

        // Keys' cubic convolution kernel with a = -0.5, as MATLAB's cubic().
        private static double Cubic(double x)
        {
            double ax = Math.Abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
            if (ax <= 1)
            {
                return 1.5 * ax3 - 2.5 * ax2 + 1;
            }

            return ax <= 2 ? -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2 : 0;
        }
    }
}
