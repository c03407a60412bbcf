using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Transposed 2-D convolution: (N, in, H, W) → (N, out, OH, OW), OH = (H-1) stride - 2 padding + dilation (KH-1) +
/// output_padding + 1. Weight (in, out/groups, KH, KW), bias (out).
/// </summary>
public sealed class ConvTranspose2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Size2? padding = null,
    Size2? outputPadding = null, int groups = 1, bool bias = true, Size2? dilation = null, Generator? generator = null)
    : Conv2dBase(inChannels, outChannels, kernelSize, stride, dilation, groups, bias, transposed: true, generator)
{
    public Size2 Padding { get; } = padding ?? 0;

    public Size2 OutputPadding { get; } = outputPadding ?? 0;

    public override Tensor Forward(Tensor input)
        => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

    protected override string PaddingRepr() => Padding != new Size2(0, 0) ? $", padding={Padding}" : "";

    protected override string OutputPaddingRepr() => OutputPadding != new Size2(0, 0) ? $", output_padding={OutputPadding}" : "";
}
