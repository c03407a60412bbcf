using IlgpuNet.Data;

namespace IlgpuNet.SuperResolution;

/// <summary>A way to enlarge a luma plane by a fixed factor: an interpolation baseline or a trained network.</summary>
public interface ISuperResolver
{
    /// <summary>What reports and JSON call it: "bicubic", "fsrcnn", ...</summary>
    string Name { get; }

    int Scale { get; }

    /// <summary>A 1-channel [0, 1] plane of size h×w → its estimate at (Scale h)×(Scale w), unclamped.</summary>
    FloatImage Upscale(FloatImage lowRes);
}
