using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Transposed 2-D convolution: (N, in, H, W) → (N, out, OH, OW), OH = (H-1) stride - 2 padding + dilation (KH-1) +
/// output_padding + 1. Weight (in, out/groups, KH, KW), bias (out).
/// </summary>
public sealed class ConvTranspose2d : Module
{
    public ConvTranspose2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Size2? padding = null,
        Size2? outputPadding = null, int groups = 1, bool bias = true, Size2? dilation = null, Generator? generator = null)
    {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"ConvTranspose2d: in_channels {inChannels} and out_channels {outChannels} must be divisible by groups {groups}");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        OutputPadding = outputPadding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels / groups, kernelSize.H, kernelSize.W));
        RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
        ResetParameters(generator);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public Size2 KernelSize { get; }

    public Size2 Stride { get; }

    public Size2 Padding { get; }

    public Size2 OutputPadding { get; }

    public Size2 Dilation { get; }

    public int Groups { get; }

    public Tensor Weight => RequiredParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    /// <summary>PyTorch's _ConvNd init: fan_in from the weight's dim 1 (out/groups) times the kernel area.</summary>
    public void ResetParameters(Generator? generator = null) => Init.DefaultLayerInit(Weight, Bias, generator);

    public override Tensor Forward(Tensor input)
        => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

    protected override string ExtraRepr()
    {
        var text = $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}";
        text += Padding != new Size2(0, 0) ? $", padding={Padding}" : "";
        text += OutputPadding != new Size2(0, 0) ? $", output_padding={OutputPadding}" : "";
        text += Dilation != new Size2(1, 1) ? $", dilation={Dilation}" : "";
        text += Groups != 1 ? $", groups={Groups}" : "";
        return text + (Bias == null ? ", bias=False" : "");
    }
}
