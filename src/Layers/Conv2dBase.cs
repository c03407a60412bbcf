using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// What <see cref="Conv2d"/> and <see cref="ConvTranspose2d"/> share (PyTorch's _ConvNd): channel, kernel, stride,
/// dilation and group sizes, the weight and bias, the default init and the repr. A transposed convolution's weight
/// is (in, out/groups, KH, KW), a plain one's (out, in/groups, KH, KW).
/// </summary>
public abstract class Conv2dBase : Module
{
    protected Conv2dBase(int inChannels, int outChannels, Size2 kernelSize, Size2? stride, Size2? dilation, int groups, bool bias,
        bool transposed, Generator? generator)
    {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{TypeName}: in_channels {inChannels} and out_channels {outChannels} must be divisible by groups {groups}");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Dilation = dilation ?? 1;
        Groups = groups;
        RegisterParameter("weight", transposed
            ? Tensor.Zeros(inChannels, outChannels / groups, kernelSize.H, kernelSize.W)
            : Tensor.Zeros(outChannels, inChannels / groups, kernelSize.H, kernelSize.W));
        RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
        ResetParameters(generator);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public Size2 KernelSize { get; }

    public Size2 Stride { get; }

    public Size2 Dilation { get; }

    public int Groups { get; }

    public Tensor Weight => RequiredParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    /// <summary>PyTorch's _ConvNd init: fan_in from the weight's dim 1 (in/groups, or out/groups when transposed) times the kernel area.</summary>
    public void ResetParameters(Generator? generator = null) => Init.DefaultLayerInit(Weight, Bias, generator);

    /// <summary>The repr's ", padding=..." part, empty when there is none.</summary>
    protected abstract string PaddingRepr();

    /// <summary>The repr's ", output_padding=..." part (transposed only), empty when there is none.</summary>
    protected virtual string OutputPaddingRepr() => "";

    // PyTorch's order: padding, dilation, output_padding, groups, bias
    protected override string ExtraRepr()
    {
        var text = $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}" + PaddingRepr();
        text += Dilation != new Size2(1, 1) ? $", dilation={Dilation}" : "";
        text += OutputPaddingRepr();
        text += Groups != 1 ? $", groups={Groups}" : "";
        return text + (Bias == null ? ", bias=False" : "");
    }
}
