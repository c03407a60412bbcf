using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's third network (a small U-Net, not Ronneberger et al.'s): <see cref="ConvTransposeNet"/>
/// with skip connections by channel concatenation. The first layer's output joins the third's as the input of the
/// second-to-last layer (ConvTranspose(2NF→NC)), and the grey input joins the fourth layer's output as the input of the
/// final convolution (Conv(NC+NIC→NC)). Grey (N, NIC, H, W) → colour-class logits (N, NC, H, W).
/// </summary>
public sealed class UNet : Module
{
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Conv2d layer5;

    public UNet(ColourNetConfig config)
    {
        config.Validate();
        Config = config;
        int nf = config.Filters, nc = config.Colours;
        layer1 = RegisterModule("layer1", config.Down(config.InChannels, nf));
        layer2 = RegisterModule("layer2", config.Down(nf, 2 * nf));
        layer3 = RegisterModule("layer3", config.Up(2 * nf, nf));
        layer4 = RegisterModule("layer4", config.Up(2 * nf, nc));
        layer5 = RegisterModule("layer5", config.Same(nc + config.InChannels, nc));
    }

    public ColourNetConfig Config { get; }

    public override Tensor Forward(Tensor input)
    {
        Config.RequireInput(input, nameof(UNet));
        var first = layer1.Call(input);                            // (N, NF, H/2, W/2)
        var x = layer2.Call(first);                                // (N, 2NF, H/4, W/4)
        x = layer3.Call(x);                                        // (N, NF, H/2, W/2)
        x = layer4.Call(Tensor.Cat([x, first], 1));                // (N, 2NF, H/2, W/2) → (N, NC, H, W)
        return layer5.Call(Tensor.Cat([x, input], 1));             // (N, NC + NIC, H, W) → (N, NC, H, W)
    }
}
