namespace IlgpuNet.Layers.Models;

/// <summary>
/// Table 1 of the composite-image ("learning without the shortcut") project: five convolutions with kernels
/// 7/3/3/3/3, padding 3/1/1/1/1 and 16/32/48/64/80 channels, each followed by batch norm, ReLU and a 3×3 max-pool
/// (padding 1); every convolution and pool has stride 1, so the feature maps keep the input's size. Global average
/// pooling and a linear layer 80 → <c>numClasses</c> finish it (the project text says 128 → 10; the table's last
/// convolution has 80 channels, so the table wins). A plain <see cref="Sequential"/> with PyTorch's indices: the
/// convolutions are children 0, 4, 8, 12 and 16, the linear layer is 22. 96,042 parameters at 3 input channels.
/// </summary>
public static class CompositeCnn
{
    private static readonly (int Kernel, int Padding, int Channels)[] Convolutions =
        [(7, 3, 16), (3, 1, 32), (3, 1, 48), (3, 1, 64), (3, 1, 80)];

    public static Sequential Create(int inChannels = 3, int numClasses = 10)
    {
        var model = new Sequential();
        int channels = inChannels;
        foreach (var (kernel, padding, outChannels) in Convolutions)
        {
            model.Add(new Conv2d(channels, outChannels, kernel, padding: padding));
            model.Add(new BatchNorm2d(outChannels));
            model.Add(new ReLU());
            model.Add(new MaxPool2d(3, stride: 1, padding: 1));
            channels = outChannels;
        }

        model.Add(new AdaptiveAvgPool2d(1));
        model.Add(new Flatten());
        model.Add(new Linear(channels, numClasses));
        return model;
    }
}
