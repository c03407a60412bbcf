using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// torchvision's VGG (configurations A/B/D/E = VGG11/13/16/19, optional batch norm) with its module indices and
/// init: convs kaiming_normal(fan_out, relu) with zero bias, linears N(0, 0.01) with zero bias.
/// </summary>
public sealed class VGG : Module
{
    private const int M = -1; // max-pool marker in a configuration

    private readonly string name;

    public VGG(int[] configuration, bool batchNorm = false, int numClasses = 1000, double dropout = 0.5, string name = "VGG")
    {
        this.name = name;
        var features = new Sequential();
        int channels = 3;
        foreach (int v in configuration)
        {
            if (v == M)
            {
                features.Add(new MaxPool2d(2, 2));
                continue;
            }

            features.Add(new Conv2d(channels, v, 3, padding: 1));
            if (batchNorm)
            {
                features.Add(new BatchNorm2d(v));
            }

            features.Add(new ReLU());
            channels = v;
        }

        RegisterModule("features", features);
        RegisterModule("avgpool", new AdaptiveAvgPool2d(7));
        RegisterModule("classifier", new Sequential(
            new Linear(512 * 7 * 7, 4096), new ReLU(), new Dropout(dropout),
            new Linear(4096, 4096), new ReLU(), new Dropout(dropout),
            new Linear(4096, numClasses)));

        foreach (var m in Modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    Init.KaimingNormal(conv.Weight, mode: FanMode.FanOut, nonlinearity: "relu");
                    Init.Zeros(conv.Bias!);
                    break;
                case Linear linear:
                    Init.Normal(linear.Weight, 0, 0.01);
                    Init.Zeros(linear.Bias!);
                    break;
            }
        }
    }

    public override string TypeName => name;

    public static VGG VGG11(bool batchNorm = false, int numClasses = 1000)
        => new([64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M], batchNorm, numClasses, name: batchNorm ? "VGG11_BN" : "VGG11");

    public static VGG VGG13(bool batchNorm = false, int numClasses = 1000)
        => new([64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M], batchNorm, numClasses, name: batchNorm ? "VGG13_BN" : "VGG13");

    public static VGG VGG16(bool batchNorm = false, int numClasses = 1000)
        => new([64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M], batchNorm, numClasses, name: batchNorm ? "VGG16_BN" : "VGG16");

    public static VGG VGG19(bool batchNorm = false, int numClasses = 1000)
        => new([64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M], batchNorm, numClasses,
            name: batchNorm ? "VGG19_BN" : "VGG19");

    // x (N, 3, 224, 224) → logits (N, num_classes)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var x = spent.Then(input, GetSubmodule("features").Call);
        x = spent.Then(x, GetSubmodule("avgpool").Call);
        x = spent.Then(x, x => x.Flatten(1));
        return spent.Then(x, GetSubmodule("classifier").Call);
    }
}
