using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's third network (a small U-Net, not Ronneberger et al.'s): <see cref="ConvTransposeNet"/>
/// with skip connections by channel concatenation. The first layer's output joins the third's as the input of the
/// second-to-last layer (ConvTranspose(2NF→NC)), and the grey input joins the fourth layer's output as the input of the
/// final convolution (Conv(NC+NIC→NC)).
/// </summary>
public sealed class UNet(ColourNetConfig config) : ColourNet(config, Build)
{
    private static (Sequential, Sequential, Sequential, Sequential, Conv2d) Build(ColourNetConfig config)
    {
        int nf = config.Filters, nc = config.Colours;
        return (config.Down(config.InChannels, nf), config.Down(nf, 2 * nf), config.Up(2 * nf, nf), config.Up(2 * nf, nc), config.Same(nc + config.InChannels, nc));
    }

    protected override Tensor Layers(Tensor input)
    {
        var first = Layer1.Call(input);                     // (N, NF, H/2, W/2)
        var x = Layer3.Call(Layer2.Call(first));            // (N, 2NF, H/4, W/4) → (N, NF, H/2, W/2)
        x = Layer4.Call(Tensor.Cat([x, first], 1));         // (N, 2NF, H/2, W/2) → (N, NC, H, W)
        return Layer5.Call(Tensor.Cat([x, input], 1));      // (N, NC + NIC, H, W) → (N, NC, H, W)
    }
}
