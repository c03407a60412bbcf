using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Average pooling to a fixed output size, whatever the input size.</summary>
public sealed class AdaptiveAvgPool2d(Size2 outputSize) : Module
{
    public Size2 OutputSize { get; } = outputSize;

    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    protected override string ExtraRepr() => $"output_size={OutputSize}";
}
