using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// The colourization course's small UNet (NF=32, NC=24 colour classes, 3×3 kernels): two stride-2 conv downs, two
/// transposed-conv ups, skip connections by channel concatenation, per-pixel class logits.
/// x (N, 1, H, W) → logits (N, 24, H, W).
/// </summary>
public sealed class ColorizationUNet : Module
{
    private readonly Sequential down1, down2, up1, up2;
    private readonly Conv2d output;

    public ColorizationUNet(int features = 32, int colours = 24, int inChannels = 1)
    {
        down1 = RegisterModule("d1", ConvBlock(new Conv2d(inChannels, features, 3, stride: 2, padding: 1), features));
        down2 = RegisterModule("d2", ConvBlock(new Conv2d(features, 2 * features, 3, stride: 2, padding: 1), 2 * features));
        up1 = RegisterModule("u1", ConvBlock(new ConvTranspose2d(2 * features, features, 3, stride: 2, padding: 1, outputPadding: 1), features));
        up2 = RegisterModule("u2", ConvBlock(new ConvTranspose2d(2 * features, features, 3, stride: 2, padding: 1, outputPadding: 1), features));
        output = RegisterModule("out", new Conv2d(features + inChannels, colours, 3, padding: 1));
    }

    public override Tensor Forward(Tensor input)
    {
        var a = down1.Call(input);   // (N, F, H/2, W/2)
        var b = down2.Call(a);       // (N, 2F, H/4, W/4)
        var c = up1.Call(b);         // (N, F, H/2, W/2)
        var d = up2.Call(Tensor.Cat([c, a], 1)); // (N, F, H, W)
        return output.Call(Tensor.Cat([d, input], 1));
    }

    private static Sequential ConvBlock(Module conv, int channels) => new(conv, new BatchNorm2d(channels), new ReLU());
}
