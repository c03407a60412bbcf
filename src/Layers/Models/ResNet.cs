using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// torchvision's ResNet with its module names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, ...), so
/// torchvision state dicts load. <c>smallInput</c> is the CIFAR-style variant for 32×32 images: a 3×3 stride-1
/// stem conv and no max-pool (its state dict then differs in conv1.weight's shape only).
/// </summary>
public sealed class ResNet : Module
{
    private readonly string name;

    public ResNet(bool bottleneck, int[] blocks, int numClasses = 1000, bool smallInput = false, int inChannels = 3, string name = "ResNet")
    {
        if (blocks.Length != 4)
        {
            throw new ArgumentException("ResNet: expected four stages of blocks");
        }

        this.name = name;
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        RegisterModule("conv1", smallInput
            ? new Conv2d(inChannels, 64, 3, 1, 1, bias: false)
            : new Conv2d(inChannels, 64, 7, 2, 3, bias: false));
        RegisterModule("bn1", new BatchNorm2d(64));
        RegisterModule("relu", new ReLU());
        RegisterModule<Module>("maxpool", smallInput ? new Identity() : new MaxPool2d(3, 2, 1));
        int inPlanes = 64;
        int[] widths = [64, 128, 256, 512];
        for (int stage = 0; stage < 4; stage++)
        {
            int planes = widths[stage], stride = stage == 0 ? 1 : 2;
            var layer = new Sequential();
            for (int b = 0; b < blocks[stage]; b++)
            {
                int s = b == 0 ? stride : 1;
                Module? downsample = b == 0 && (s != 1 || inPlanes != planes * expansion)
                    ? new Sequential(new Conv2d(inPlanes, planes * expansion, 1, s, bias: false), new BatchNorm2d(planes * expansion))
                    : null;
                layer.Add(bottleneck ? new Bottleneck(inPlanes, planes, s, downsample) : new BasicBlock(inPlanes, planes, s, downsample));
                inPlanes = planes * expansion;
            }

            RegisterModule($"layer{stage + 1}", layer);
        }

        RegisterModule("avgpool", new AdaptiveAvgPool2d(1));
        RegisterModule("fc", new Linear(512 * expansion, numClasses));

        // torchvision: convs kaiming_normal(fan_out, relu); batch norms weight 1, bias 0 (already); fc keeps Linear's default
        foreach (var m in Modules().OfType<Conv2d>())
        {
            Init.KaimingNormal(m.Weight, mode: FanMode.FanOut, nonlinearity: "relu");
        }
    }

    public override string TypeName => name;

    public static ResNet ResNet18(int numClasses = 1000, bool smallInput = false, int inChannels = 3)
        => new(false, [2, 2, 2, 2], numClasses, smallInput, inChannels, "ResNet18");

    public static ResNet ResNet34(int numClasses = 1000, bool smallInput = false, int inChannels = 3)
        => new(false, [3, 4, 6, 3], numClasses, smallInput, inChannels, "ResNet34");

    public static ResNet ResNet50(int numClasses = 1000, bool smallInput = false, int inChannels = 3)
        => new(true, [3, 4, 6, 3], numClasses, smallInput, inChannels, "ResNet50");

    // x (N, 3, H, W) → logits (N, num_classes)
    // (each intermediate is released once the next step has taken it)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var x = spent.Then(input, GetSubmodule("conv1").Call);
        x = spent.Then(x, x => BatchNorm.CallThenRelu(GetSubmodule("bn1"), GetSubmodule("relu"), x));
        foreach (var name in new[] { "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool" })
        {
            x = spent.Then(x, GetSubmodule(name).Call);
        }

        x = spent.Then(x, x => x.Flatten(1));
        return spent.Then(x, GetSubmodule("fc").Call);
    }
}
