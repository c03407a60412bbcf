namespace IlgpuNet.Data.Transforms;

/// <summary>
/// torchvision RandomResizedCrop: up to 10 tries of area fraction ~ U(scale) and aspect ratio log-uniform in
/// <c>ratio</c>, w = round(sqrt(area * r)), h = round(sqrt(area / r)), accepted when it fits; otherwise a centre crop
/// clamped to the ratio range. The crop is then resized (bilinear, no antialias by default).
/// </summary>
public sealed class RandomResizedCrop(
    int height, int width, double minScale = 0.08, double maxScale = 1.0,
    double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3, ResizeMethod method = ResizeMethod.Bilinear) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        var (top, left, h, w) = CropBox(image.Height, image.Width, random);
        return ImageResize.Resize(image.Crop(top, left, h, w), height, width, method);
    }

    /// <summary>The (top, left, height, width) torchvision's get_params would choose.</summary>
    public (int Top, int Left, int Height, int Width) CropBox(int imageHeight, int imageWidth, Random random)
    {
        double area = (double)imageHeight * imageWidth;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double targetArea = area * RandomDraw.Uniform(random, minScale, maxScale);
            double aspect = RandomDraw.LogUniform(random, minRatio, maxRatio);
            int w = RandomDraw.RoundHalfEven(Math.Sqrt(targetArea * aspect));
            int h = RandomDraw.RoundHalfEven(Math.Sqrt(targetArea / aspect));
            if (w > 0 && w <= imageWidth && h > 0 && h <= imageHeight)
            {
                return (RandomDraw.Inclusive(random, 0, imageHeight - h), RandomDraw.Inclusive(random, 0, imageWidth - w), h, w);
            }
        }

        double inRatio = (double)imageWidth / imageHeight;
        int cropWidth = imageWidth, cropHeight = imageHeight;
        if (inRatio < minRatio)
        {
            cropHeight = RandomDraw.RoundHalfEven(cropWidth / minRatio);
        }
        else if (inRatio > maxRatio)
        {
            cropWidth = RandomDraw.RoundHalfEven(cropHeight * maxRatio);
        }

        return ((imageHeight - cropHeight) / 2, (imageWidth - cropWidth) / 2, cropHeight, cropWidth);
    }
}
