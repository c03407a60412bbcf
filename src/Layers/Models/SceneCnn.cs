namespace IlgpuNet.Layers.Models;

/// <summary>
/// The deeper scene classifier that replaces SimpleNet: four conv-BN-ReLU-maxpool blocks (5×5 then 3×3 convolutions,
/// 32/64/128/256 channels, each pooling halving the side), global average pooling, dropout and one linear layer.
/// Averaging instead of flattening keeps the head at 256 × classes weights, so 1,200 training images do not
/// have a large fully-connected layer to memorise them with. Any square input of side ≥ 16.
/// </summary>
public static class SceneCnn
{
    public static Sequential Create(int inChannels = 1, int numClasses = 15, double dropout = 0.5)
    {
        var model = new Sequential();
        int channels = inChannels;
        foreach (var (width, kernel) in new[] { (32, 5), (64, 3), (128, 3), (256, 3) })
        {
            model.Add(new Conv2d(channels, width, kernel, padding: kernel / 2, bias: false));
            model.Add(new BatchNorm2d(width));
            model.Add(new ReLU());
            model.Add(new MaxPool2d(2));
            channels = width;
        }

        model.Add(new AdaptiveAvgPool2d(1));
        model.Add(new Flatten());
        model.Add(new Dropout(dropout));
        model.Add(new Linear(channels, numClasses));
        return model;
    }

    /// <summary>The index in <see cref="Create"/>'s Sequential of the last block's ReLU (its maps are what Grad-CAM weighs).</summary>
    public const int LastReLU = 14;
}
