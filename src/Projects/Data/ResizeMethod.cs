namespace IlgpuNet.Data;

/// <summary>Interpolation of <see cref="ImageResize"/>.</summary>
public enum ResizeMethod
{
    /// <summary>PyTorch <c>F.interpolate(mode="nearest")</c>: source index floor(dst * in / out).</summary>
    Nearest,

    /// <summary>PyTorch <c>F.interpolate(mode="bilinear", align_corners=False, antialias=False)</c>: no antialiasing when shrinking.</summary>
    Bilinear,

    /// <summary>MATLAB <c>imresize(..., "bicubic")</c>: cubic a = -0.5, kernel widened by 1/scale when shrinking, edge pixels replicated.</summary>
    Bicubic,
}
