namespace IlgpuNet.Data.Transforms;

/// <summary>Resize to a fixed size with <see cref="ImageResize"/>.</summary>
public sealed class ResizeTo(int height, int width, ResizeMethod method = ResizeMethod.Bilinear) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random) => ImageResize.Resize(image, height, width, method);
}
