using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Max pooling to a fixed output size, whatever the input size.</summary>
public sealed class AdaptiveMaxPool2d(Size2 outputSize) : Module
{
    public Size2 OutputSize { get; } = outputSize;

    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2d(input, OutputSize);

    protected override string ExtraRepr() => $"output_size={OutputSize}";
}
