namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's first network: [Conv(NIC→NF) – MaxPool 2 – BN – ReLU], [Conv(NF→2NF) – MaxPool 2 –
/// BN – ReLU], [Conv(2NF→NF) – Upsample ×2 – BN – ReLU], [Conv(NF→NC) – Upsample ×2 – BN – ReLU], Conv(NC→NC); every
/// convolution stride 1 with padding kernel // 2 (<see cref="ColourNetConfig.SamePadding"/>), upsampling nearest.
/// </summary>
public sealed class PoolUpsampleNet(ColourNetConfig config) : ColourNet(config, Build)
{
    private static (Sequential, Sequential, Sequential, Sequential, Conv2d) Build(ColourNetConfig config)
    {
        int nf = config.Filters, nc = config.Colours;
        return (
            new Sequential(config.Same(config.InChannels, nf), new MaxPool2d(2), new BatchNorm2d(nf), new ReLU()),
            new Sequential(config.Same(nf, 2 * nf), new MaxPool2d(2), new BatchNorm2d(2 * nf), new ReLU()),
            new Sequential(config.Same(2 * nf, nf), new Upsample(scaleFactor: 2), new BatchNorm2d(nf), new ReLU()),
            new Sequential(config.Same(nf, nc), new Upsample(scaleFactor: 2), new BatchNorm2d(nc), new ReLU()),
            config.Same(nc, nc));
    }
}
