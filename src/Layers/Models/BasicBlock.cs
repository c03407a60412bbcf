using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>ResNet-18/34 block (torchvision's BasicBlock): two 3x3 convs with batch norm, plus the shortcut.</summary>
public sealed class BasicBlock : Module
{
    public const int Expansion = 1;

    public BasicBlock(int inPlanes, int planes, int stride = 1, Module? downsample = null)
    {
        RegisterModule("conv1", new Conv2d(inPlanes, planes, 3, stride, 1, bias: false));
        RegisterModule("bn1", new BatchNorm2d(planes));
        RegisterModule("relu", new ReLU());
        RegisterModule("conv2", new Conv2d(planes, planes, 3, 1, 1, bias: false));
        RegisterModule("bn2", new BatchNorm2d(planes));
        if (downsample != null)
        {
            RegisterModule("downsample", downsample);
        }
    }

    // x (N, in, H, W) → relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut(x))   (N, planes, H/stride, W/stride)
    // (each intermediate is released once the next step has taken it)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var relu = GetSubmodule("relu");
        var y = spent.Then(input, GetSubmodule("conv1").Call);
        y = spent.Then(y, y => BatchNorm.CallThenRelu(GetSubmodule("bn1"), relu, y));
        y = spent.Then(y, GetSubmodule("conv2").Call);
        y = spent.Then(y, GetSubmodule("bn2").Call);
        var shortcut = GetSubmoduleOrNull("downsample")?.Call(input) ?? input;
        var sum = spent.Then(y, y => y.Add(shortcut));
        spent.Release(shortcut, sum);
        return spent.Then(sum, relu.Call);
    }
}
