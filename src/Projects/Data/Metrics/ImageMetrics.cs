namespace IlgpuNet.Data.Metrics;

/// <summary>
/// Image quality: PSNR and SSIM as the super-resolution literature reports them. SSIM is
/// <c>skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)</c>, the
/// setting that reproduces MATLAB's ssim: 11-tap Gaussian window, K1 0.01, K2 0.03, mean over the map with the 5-pixel
/// filter margin left out, averaged over channels. All sums in double.
/// </summary>
public static class ImageMetrics
{
    private const double Sigma = 1.5;
    private const int Radius = 5; // int(3.5 * sigma + 0.5), scipy's truncate 3.5: an 11-tap window

    /// <summary>10 log10(range^2 / MSE) over all channels, after cutting <paramref name="shave"/> pixels off each border.</summary>
    public static double Psnr(FloatImage image, FloatImage reference, double dataRange, int shave = 0)
    {
        RequireSameShape(image, reference);
        double sum = 0;
        long count = 0;
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = shave; y < image.Height - shave; y++)
            {
                var a = image.Row(c, y)[shave..^shave];
                var b = reference.Row(c, y)[shave..^shave];
                for (int x = 0; x < a.Length; x++)
                {
                    double d = (double)a[x] - b[x];
                    sum += d * d;
                }

                count += a.Length;
            }
        }

        RequirePixelsLeft(count, image, shave);
        double mse = sum / count;
        return 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>PSNR on the BT.601 luma of two RGB images whose values run to <paramref name="dataRange"/> (1 or 255).</summary>
    public static double PsnrOnY(FloatImage image, FloatImage reference, double dataRange, int shave) =>
        Psnr(ColorSpace.RgbToY(image, (float)dataRange), ColorSpace.RgbToY(reference, (float)dataRange), dataRange, shave);

    /// <summary>Mean SSIM over channels, after cutting <paramref name="shave"/> pixels off each border.</summary>
    public static double Ssim(FloatImage image, FloatImage reference, double dataRange, int shave = 0)
    {
        RequireSameShape(image, reference);
        int height = image.Height - 2 * shave, width = image.Width - 2 * shave;
        if (height < 2 * Radius + 1 || width < 2 * Radius + 1)
        {
            throw new ArgumentException($"SSIM needs at least {2 * Radius + 1}x{2 * Radius + 1} pixels after shaving {shave}, got {height}x{width}");
        }

        double total = 0;
        for (int c = 0; c < image.Channels; c++)
        {
            total += SsimPlane(ShavedPlane(image, c, shave), ShavedPlane(reference, c, shave), height, width, dataRange);
        }

        return total / image.Channels;
    }

    /// <summary>SSIM on the BT.601 luma of two RGB images whose values run to <paramref name="dataRange"/> (1 or 255).</summary>
    public static double SsimOnY(FloatImage image, FloatImage reference, double dataRange, int shave) =>
        Ssim(ColorSpace.RgbToY(image, (float)dataRange), ColorSpace.RgbToY(reference, (float)dataRange), dataRange, shave);

    private static double SsimPlane(double[] x, double[] y, int height, int width, double dataRange)
    {
        int n = x.Length;
        var xx = new double[n];
        var yy = new double[n];
        var xy = new double[n];
        for (int i = 0; i < n; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }

        var kernel = GaussianKernel();
        var ux = Filter(x, height, width, kernel);
        var uy = Filter(y, height, width, kernel);
        var uxx = Filter(xx, height, width, kernel);
        var uyy = Filter(yy, height, width, kernel);
        var uxy = Filter(xy, height, width, kernel);
        double c1 = 0.01 * dataRange * 0.01 * dataRange, c2 = 0.03 * dataRange * 0.03 * dataRange;
        double sum = 0;
        for (int r = Radius; r < height - Radius; r++)
        {
            for (int col = Radius; col < width - Radius; col++)
            {
                int i = r * width + col;
                double vx = uxx[i] - ux[i] * ux[i], vy = uyy[i] - uy[i] * uy[i], vxy = uxy[i] - ux[i] * uy[i];
                sum += (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)
                    / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
            }
        }

        return sum / ((height - 2 * Radius) * (width - 2 * Radius));
    }

    private static double[] GaussianKernel()
    {
        var kernel = new double[2 * Radius + 1];
        double sum = 0;
        for (int i = -Radius; i <= Radius; i++)
        {
            kernel[i + Radius] = Math.Exp(-0.5 * i * i / (Sigma * Sigma));
            sum += kernel[i + Radius];
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    // Separable Gaussian with scipy's "reflect" edges (d c b a | a b c d). Only the interior reaches the mean, but
    // filling the margin keeps the map a faithful copy of skimage's.
    private static double[] Filter(double[] source, int height, int width, double[] kernel)
    {
        var horizontal = new double[source.Length];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int k = -Radius; k <= Radius; k++)
                {
                    sum += kernel[k + Radius] * source[r * width + Reflect(c + k, width)];
                }

                horizontal[r * width + c] = sum;
            }
        }

        var result = new double[source.Length];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int k = -Radius; k <= Radius; k++)
                {
                    sum += kernel[k + Radius] * horizontal[Reflect(r + k, height) * width + c];
                }

                result[r * width + c] = sum;
            }
        }

        return result;
    }

    private static int Reflect(int index, int length)
    {
        int period = 2 * length;
        int j = ((index % period) + period) % period;
        return j < length ? j : period - 1 - j;
    }

    private static double[] ShavedPlane(FloatImage image, int channel, int shave)
    {
        int height = image.Height - 2 * shave, width = image.Width - 2 * shave;
        var plane = new double[height * width];
        for (int y = 0; y < height; y++)
        {
            var row = image.Row(channel, y + shave).Slice(shave, width);
            for (int x = 0; x < width; x++)
            {
                plane[y * width + x] = row[x];
            }
        }

        return plane;
    }

    private static void RequireSameShape(FloatImage a, FloatImage b)
    {
        if (a.Channels != b.Channels || a.Height != b.Height || a.Width != b.Width)
        {
            throw new ArgumentException(
                $"images differ in shape: {a.Channels}x{a.Height}x{a.Width} vs {b.Channels}x{b.Height}x{b.Width}");
        }
    }

    private static void RequirePixelsLeft(long count, FloatImage image, int shave)
    {
        if (count == 0)
        {
            throw new ArgumentException($"shaving {shave} pixels leaves nothing of a {image.Height}x{image.Width} image");
        }
    }
}
