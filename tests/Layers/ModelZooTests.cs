using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>The zoo's parameter counts equal torchvision's; models run forward and learn.</summary>
public class ModelZooTests
{
    [Fact]
    public void ParameterCounts_EqualTorchvision()
    {
        Assert.Equal(21_797_672, ResNet.ResNet34().ParameterCount());
        Assert.Equal(132_863_336, VGG.VGG11().ParameterCount());
    }

    [Fact]
    public void Vgg16_ParameterCountsWithAndWithoutBatchNorm_EqualTorchvision()
    {
        Assert.Equal(138_357_544, VGG.VGG16().ParameterCount());
        Assert.Equal(138_365_992, VGG.VGG16(batchNorm: true).ParameterCount());
    }

    [Fact]
    public void ResNet18SmallInput_Cifar32_GivesLogitsAndHasNoMaxPool()
    {
        var model = ResNet.ResNet18(numClasses: 10, smallInput: true);
        Assert.IsType<Identity>(model.GetSubmodule("maxpool"));
        Assert.Equal([64, 3, 3, 3], model.StateDict()["conv1.weight"].Shape);
        model.Eval();
        using (GradMode.NoGrad())
        {
            Assert.Equal([2, 10], model.Call(Tensor.Randn(2, 3, 32, 32)).Shape);
        }
    }

    [Fact]
    public void SmallConvNet_TrainingSteps_ReduceTheLoss()
    {
        Tensor.ManualSeed(11);
        var model = new Sequential(
            new Conv2d(1, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new AdaptiveAvgPool2d(1),
            new Flatten(), new Dropout(0.1), new Linear(8, 3));
        var x = Tensor.Randn(12, 1, 8, 8);
        var y = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (long)(i % 3)).ToArray(), 12);
        x = x.Add(y.To(IlgpuNet.Kernels.DType.Float32).Reshape(12, 1, 1, 1)); // learnable: the class shifts the image
        double first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            model.ZeroGrad();
            var loss = Functional.CrossEntropy(model.Call(x), y);
            loss.Backward();
            using (GradMode.NoGrad())
            {
                foreach (var p in model.Parameters())
                {
                    p.AddInPlace(p.Grad!, -0.1);
                }
            }

            first = step == 0 ? loss.Item() : first;
            last = loss.Item();
        }

        Assert.True(last < 0.5 * first, $"loss went from {first} to {last}");
    }
}
