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

    // each intermediate is released once nothing later reads it (the first layer's output after its concatenation)
    protected override Tensor Layers(Tensor input)
    {
        var spent = new Intermediates(input);
        var first = Layer1.Call(input);                                  // (N, NF, H/2, W/2)
        var x = spent.Then(Layer2.Call(first), Layer3.Call);             // (N, 2NF, H/4, W/4) → (N, NF, H/2, W/2)
        var joined = Tensor.Cat([x, first], 1);                          // (N, 2NF, H/2, W/2)
        spent.Release(x, joined);
        spent.Release(first, joined);
        x = spent.Then(joined, Layer4.Call);                             // (N, NC, H, W)
        joined = Tensor.Cat([x, input], 1);                              // (N, NC + NIC, H, W)
        spent.Release(x, joined);
        return spent.Then(joined, Layer5.Call);                          // (N, NC, H, W)
    }
}
