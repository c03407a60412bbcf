using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's second network: the pooling and upsampling of <see cref="PoolUpsampleNet"/> become
/// learned. [Conv(NIC→NF), stride 2 – BN – ReLU], [Conv(NF→2NF), stride 2 – BN – ReLU], [ConvTranspose(2NF→NF), stride 2
/// – BN – ReLU], [ConvTranspose(NF→NC), stride 2 – BN – ReLU], Conv(NC→NC), paddings from <see cref="ColourNetConfig"/>
/// (kernel 3: padding 1, output_padding 1). Grey (N, NIC, H, W) → colour-class logits (N, NC, H, W).
/// </summary>
public sealed class ConvTransposeNet : Module
{
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Conv2d layer5;

    public ConvTransposeNet(ColourNetConfig config)
    {
        config.Validate();
        Config = config;
        int nf = config.Filters, nc = config.Colours;
        layer1 = RegisterModule("layer1", config.Down(config.InChannels, nf));
        layer2 = RegisterModule("layer2", config.Down(nf, 2 * nf));
        layer3 = RegisterModule("layer3", config.Up(2 * nf, nf));
        layer4 = RegisterModule("layer4", config.Up(nf, nc));
        layer5 = RegisterModule("layer5", config.Same(nc, nc));
    }

    public ColourNetConfig Config { get; }

    public override Tensor Forward(Tensor input)
    {
        Config.RequireInput(input, nameof(ConvTransposeNet));
        var x = layer1.Call(input);  // (N, NF, H/2, W/2)
        x = layer2.Call(x);          // (N, 2NF, H/4, W/4)
        x = layer3.Call(x);          // (N, NF, H/2, W/2)
        x = layer4.Call(x);          // (N, NC, H, W)
        return layer5.Call(x);       // (N, NC, H, W)
    }
}
