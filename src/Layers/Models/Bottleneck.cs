using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>ResNet-50+ block (torchvision's Bottleneck, stride on the 3x3 conv): 1x1 reduce, 3x3, 1x1 expand ×4.</summary>
public sealed class Bottleneck : Module
{
    public const int Expansion = 4;

    public Bottleneck(int inPlanes, int planes, int stride = 1, Module? downsample = null)
    {
        RegisterModule("conv1", new Conv2d(inPlanes, planes, 1, bias: false));
        RegisterModule("bn1", new BatchNorm2d(planes));
        RegisterModule("conv2", new Conv2d(planes, planes, 3, stride, 1, bias: false));
        RegisterModule("bn2", new BatchNorm2d(planes));
        RegisterModule("conv3", new Conv2d(planes, planes * Expansion, 1, bias: false));
        RegisterModule("bn3", new BatchNorm2d(planes * Expansion));
        RegisterModule("relu", new ReLU());
        if (downsample != null)
        {
            RegisterModule("downsample", downsample);
        }
    }

    // x (N, in, H, W) → (N, 4 planes, H/stride, W/stride)
    // (each intermediate is released once the next step has taken it)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var relu = GetSubmodule("relu");
        var y = input;
        foreach (int i in new[] { 1, 2, 3 })
        {
            y = spent.Then(y, GetSubmodule($"conv{i}").Call);
            var norm = GetSubmodule($"bn{i}");
            y = i < 3 ? spent.Then(y, y => BatchNorm.CallThenRelu(norm, relu, y)) : spent.Then(y, norm.Call);
        }

        var shortcut = GetSubmoduleOrNull("downsample")?.Call(input) ?? input;
        var sum = spent.Then(y, y => y.Add(shortcut));
        spent.Release(shortcut, sum);
        return spent.Then(sum, relu.Call);
    }
}
