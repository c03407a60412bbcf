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

    // (each intermediate is released once nothing later in the forward reads it)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var a = down1.Call(input);   // (N, F, H/2, W/2)
        var b = down2.Call(a);       // (N, 2F, H/4, W/4)
        var c = spent.Then(b, up1.Call); // (N, F, H/2, W/2)
        var skip = Tensor.Cat([c, a], 1);
        spent.Release(c, skip);
        spent.Release(a, skip);
        var d = spent.Then(skip, up2.Call); // (N, F, H, W)
        var joined = spent.Then(d, d => Tensor.Cat([d, input], 1));
        return spent.Then(joined, output.Call);
    }

    private static Sequential ConvBlock(Module conv, int channels) => new(conv, new BatchNorm2d(channels), new ReLU());
}
