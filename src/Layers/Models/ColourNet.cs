using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// What the colourization assignment's three networks share: a <see cref="ColourNetConfig"/>, four blocks layer1 to
/// layer4 (two that halve H×W, two that double it back) and a final stride-1 convolution layer5, named as in the
/// assignment's code. Grey (N, NIC, H, W) → colour-class logits (N, NC, H, W), H and W multiples of 4. The layers run
/// one after another unless a network joins them otherwise (<see cref="UNet"/>'s skip connections).
/// </summary>
public abstract class ColourNet : Module
{
    /// <param name="build">Makes the five layers from the config, which is checked first.</param>
    protected ColourNet(ColourNetConfig config, Func<ColourNetConfig, (Sequential, Sequential, Sequential, Sequential, Conv2d)> build)
    {
        config.Validate();
        Config = config;
        var (layer1, layer2, layer3, layer4, layer5) = build(config);
        Layer1 = RegisterModule("layer1", layer1);
        Layer2 = RegisterModule("layer2", layer2);
        Layer3 = RegisterModule("layer3", layer3);
        Layer4 = RegisterModule("layer4", layer4);
        Layer5 = RegisterModule("layer5", layer5);
    }

    public ColourNetConfig Config { get; }

    protected Sequential Layer1 { get; }

    protected Sequential Layer2 { get; }

    protected Sequential Layer3 { get; }

    protected Sequential Layer4 { get; }

    protected Conv2d Layer5 { get; }

    public sealed override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != Config.InChannels || input.Size(2) % 4 != 0 || input.Size(3) % 4 != 0)
        {
            throw new ArgumentException($"{GetType().Name}: expected (N, {Config.InChannels}, H, W) with H and W multiples of 4, got {ShapeRules.Format(input.Shape)}");
        }

        return Layers(input);
    }

    /// <summary>The layers on a checked input; in order by default, each intermediate released once the next layer has taken it.</summary>
    protected virtual Tensor Layers(Tensor input)
    {
        var spent = new Intermediates(input);
        var x = spent.Then(input, Layer1.Call);  // (N, NF, H/2, W/2)
        x = spent.Then(x, Layer2.Call);          // (N, 2NF, H/4, W/4)
        x = spent.Then(x, Layer3.Call);          // (N, NF, H/2, W/2)
        x = spent.Then(x, Layer4.Call);          // (N, NC, H, W)
        return spent.Then(x, Layer5.Call);       // (N, NC, H, W)
    }
}
