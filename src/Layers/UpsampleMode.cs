namespace IlgpuNet.Layers;

/// <summary>Interpolation modes of <see cref="Functional.Interpolate"/> / <see cref="Upsample"/>.</summary>
public enum UpsampleMode
{
    Nearest,
    Bilinear,
}
