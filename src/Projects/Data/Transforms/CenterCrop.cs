namespace IlgpuNet.Data.Transforms;

/// <summary>torchvision CenterCrop: top = round((H - h) / 2), left = round((W - w) / 2), Python rounding.</summary>
public sealed class CenterCrop(int height, int width) : IImageTransform
{
    public CenterCrop(int size)
        : this(size, size)
    {
    }

    public FloatImage Apply(FloatImage image, Random random) =>
        image.Crop(RandomDraw.RoundHalfEven((image.Height - height) / 2.0), RandomDraw.RoundHalfEven((image.Width - width) / 2.0), height, width);
}
