using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Resizes (N, C, H, W) to a size or by a scale factor, nearest or bilinear (nn.Upsample).</summary>
public sealed class Upsample(Size2? size = null, double? scaleFactor = null, UpsampleMode mode = UpsampleMode.Nearest, bool? alignCorners = null) : Module
{
    public Size2? Size { get; } = size;

    public double? ScaleFactor { get; } = scaleFactor;

    public UpsampleMode Mode { get; } = mode;

    public bool? AlignCorners { get; } = alignCorners;

    public override Tensor Forward(Tensor input) => Functional.Interpolate(input, Size, ScaleFactor, Mode, AlignCorners);

    protected override string ExtraRepr()
        => (Size is { } s ? $"size={s}" : $"scale_factor={ScaleFactor:0.0###}") + $", mode='{Mode.ToString().ToLowerInvariant()}'";
}
