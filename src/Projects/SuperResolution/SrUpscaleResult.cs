namespace IlgpuNet.SuperResolution;

/// <summary>An enlarged image: the method that made it, the sizes before and after, and where it was written.</summary>
public sealed record SrUpscaleResult(string Method, int Scale, int LowResWidth, int LowResHeight, int Width, int Height, string OutputPath)
{
    public override string ToString() => $"{Method} x{Scale}: {LowResWidth}x{LowResHeight} -> {Width}x{Height}";
}
