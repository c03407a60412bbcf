using IlgpuNet.Data;

namespace IlgpuNet.SuperResolution;

/// <summary>The baselines: bilinear (half-pixel centres, edges replicated) and MATLAB's bicubic imresize.</summary>
public sealed class InterpolationResolver(string name, ResizeMethod method, int scale) : ISuperResolver
{
    public string Name { get; } = name;

    public int Scale { get; } = scale;

    public ResizeMethod Method { get; } = method;

    public static InterpolationResolver Bilinear(int scale) => new("bilinear", ResizeMethod.Bilinear, scale);

    public static InterpolationResolver Bicubic(int scale) => new("bicubic", ResizeMethod.Bicubic, scale);

    public FloatImage Upscale(FloatImage lowRes) => ImageResize.Resize(lowRes, Scale, Method);
}
