using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>torchvision's AlexNet (features / avgpool / classifier, same indices), 61,100,840 parameters at 1000 classes.</summary>
public sealed class AlexNet : Module
{
    public AlexNet(int numClasses = 1000, double dropout = 0.5)
    {
        RegisterModule("features", new Sequential(
            new Conv2d(3, 64, 11, 4, 2), new ReLU(), new MaxPool2d(3, 2),
            new Conv2d(64, 192, 5, padding: 2), new ReLU(), new MaxPool2d(3, 2),
            new Conv2d(192, 384, 3, padding: 1), new ReLU(),
            new Conv2d(384, 256, 3, padding: 1), new ReLU(),
            new Conv2d(256, 256, 3, padding: 1), new ReLU(), new MaxPool2d(3, 2)));
        RegisterModule("avgpool", new AdaptiveAvgPool2d(6));
        RegisterModule("classifier", new Sequential(
            new Dropout(dropout), new Linear(256 * 6 * 6, 4096), new ReLU(),
            new Dropout(dropout), new Linear(4096, 4096), new ReLU(),
            new Linear(4096, numClasses)));
    }

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
