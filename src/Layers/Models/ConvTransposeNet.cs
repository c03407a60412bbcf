namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's second network: the pooling and upsampling of <see cref="PoolUpsampleNet"/> become
/// learned. [Conv(NIC→NF), stride 2 – BN – ReLU], [Conv(NF→2NF), stride 2 – BN – ReLU], [ConvTranspose(2NF→NF), stride 2
/// – BN – ReLU], [ConvTranspose(NF→NC), stride 2 – BN – ReLU], Conv(NC→NC), paddings from <see cref="ColourNetConfig"/>
/// (kernel 3: padding 1, output_padding 1).
/// </summary>
public sealed class ConvTransposeNet(ColourNetConfig config) : ColourNet(config, Build)
{
    private static (Sequential, Sequential, Sequential, Sequential, Conv2d) Build(ColourNetConfig config)
    {
        int nf = config.Filters, nc = config.Colours;
        return (config.Down(config.InChannels, nf), config.Down(nf, 2 * nf), config.Up(2 * nf, nf), config.Up(nf, nc), config.Same(nc, nc));
    }
}
