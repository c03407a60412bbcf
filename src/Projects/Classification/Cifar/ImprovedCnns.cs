using IlgpuNet.Layers;

namespace IlgpuNet.Classification.Cifar;

/// <summary>The deeper model of the image-classification runner (the first improvement is Table2Cnn with batch norm).</summary>
public static class ImprovedCnns
{
    /// <summary>
    /// VGG-style conv-conv-pool blocks (3×3, 32/64/128 channels, batch norm after every convolution) and the same
    /// FC 64 head: two small convolutions see as far as one 5×5 with fewer weights and one more non-linearity, at
    /// about the baseline's cost (38.5 M against 29 M multiply-adds per 32×32 image).
    /// </summary>
    public static Sequential ConvConvPool(int inChannels = 3, int imageSize = 32, int numClasses = 10)
    {
        var model = new Sequential();
        int channels = inChannels;
        foreach (int width in new[] { 32, 64, 128 })
        {
            for (int i = 0; i < 2; i++)
            {
                model.Add(new Conv2d(channels, width, 3, padding: 1, bias: false));
                model.Add(new BatchNorm2d(width));
                model.Add(new ReLU());
                channels = width;
            }

            model.Add(new MaxPool2d(2));
        }

        int side = imageSize / 8;
        model.Add(new Flatten());
        model.Add(new Linear(128 * side * side, 64));
        model.Add(new ReLU());
        model.Add(new Linear(64, numClasses));
        return model;
    }
}
