namespace IlgpuNet.Data.Transforms;

/// <summary>torchvision Grayscale: ITU-R 601-2 luma (0.2989, 0.587, 0.114), repeated to <c>outputChannels</c> (1 or 3).</summary>
public sealed class Grayscale(int outputChannels = 1) : IImageTransform
{
    public FloatImage Apply(FloatImage image, Random random)
    {
        var luma = ColorSpace.Grayscale(image);
        return outputChannels == 1 ? luma : luma.SelectChannels(Enumerable.Repeat(0, outputChannels).ToArray());
    }
}
