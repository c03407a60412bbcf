using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>2-D convolution: (N, in, H, W) → (N, out, OH, OW). Weight (out, in/groups, KH, KW), bias (out).</summary>
public sealed class Conv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Padding2d? padding = null,
    Size2? dilation = null, int groups = 1, bool bias = true, Generator? generator = null)
    : Conv2dBase(inChannels, outChannels, kernelSize, stride, dilation, groups, bias, transposed: false, generator)
{
    public Padding2d Padding { get; } = padding ?? 0;

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    protected override string PaddingRepr() => Padding != new Padding2d(0, 0) ? $", padding={Padding}" : "";
}
