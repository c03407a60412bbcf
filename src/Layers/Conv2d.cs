using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>2-D convolution: (N, in, H, W) → (N, out, OH, OW). Weight (out, in/groups, KH, KW), bias (out).</summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Padding2d? padding = null,
        Size2? dilation = null, int groups = 1, bool bias = true, Generator? generator = null)
    {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"Conv2d: in_channels {inChannels} and out_channels {outChannels} must be divisible by groups {groups}");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels / groups, kernelSize.H, kernelSize.W));
        RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
        ResetParameters(generator);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public Size2 KernelSize { get; }

    public Size2 Stride { get; }

    public Padding2d Padding { get; }

    public Size2 Dilation { get; }

    public int Groups { get; }

    public Tensor Weight => RequiredParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    public void ResetParameters(Generator? generator = null) => Init.DefaultLayerInit(Weight, Bias, generator);

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    protected override string ExtraRepr()
    {
        var text = $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}";
        text += Padding != new Padding2d(0, 0) ? $", padding={Padding}" : "";
        text += Dilation != new Size2(1, 1) ? $", dilation={Dilation}" : "";
        text += Groups != 1 ? $", groups={Groups}" : "";
        return text + (Bias == null ? ", bias=False" : "");
    }
}
