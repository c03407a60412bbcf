using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization assignment's first network: [Conv(NIC→NF) – MaxPool 2 – BN – ReLU], [Conv(NF→2NF) – MaxPool 2 –
/// BN – ReLU], [Conv(2NF→NF) – Upsample ×2 – BN – ReLU], [Conv(NF→NC) – Upsample ×2 – BN – ReLU], Conv(NC→NC); every
/// convolution stride 1 with padding kernel // 2 (<see cref="ColourNetConfig.SamePadding"/>), upsampling nearest.
/// Grey (N, NIC, H, W) → colour-class logits (N, NC, H, W). Children layer1..layer5, as in the assignment's code.
/// </summary>
public sealed class PoolUpsampleNet : Module
{
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Conv2d layer5;

    public PoolUpsampleNet(ColourNetConfig config)
    {
        config.Validate();
        Config = config;
        int nf = config.Filters, nc = config.Colours;
        layer1 = RegisterModule("layer1", new Sequential(config.Same(config.InChannels, nf), new MaxPool2d(2), new BatchNorm2d(nf), new ReLU()));
        layer2 = RegisterModule("layer2", new Sequential(config.Same(nf, 2 * nf), new MaxPool2d(2), new BatchNorm2d(2 * nf), new ReLU()));
        layer3 = RegisterModule("layer3", new Sequential(config.Same(2 * nf, nf), new Upsample(scaleFactor: 2), new BatchNorm2d(nf), new ReLU()));
        layer4 = RegisterModule("layer4", new Sequential(config.Same(nf, nc), new Upsample(scaleFactor: 2), new BatchNorm2d(nc), new ReLU()));
        layer5 = RegisterModule("layer5", config.Same(nc, nc));
    }

    public ColourNetConfig Config { get; }

    public override Tensor Forward(Tensor input)
    {
        Config.RequireInput(input, nameof(PoolUpsampleNet));
        var x = layer1.Call(input);  // (N, NF, H/2, W/2)
        x = layer2.Call(x);          // (N, 2NF, H/4, W/4)
        x = layer3.Call(x);          // (N, NF, H/2, W/2)
        x = layer4.Call(x);          // (N, NC, H, W)
        return layer5.Call(x);       // (N, NC, H, W)
    }
}
