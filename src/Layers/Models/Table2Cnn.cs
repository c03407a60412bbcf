namespace IlgpuNet.Layers.Models;

/// <summary>
/// The course's Table-2 baseline CNN: three 5×5 convolutions (32, 64, 128 filters, padding 2), each followed by ReLU
/// and 2×2 max-pooling, then flatten, FC 64 + ReLU, FC <c>numClasses</c>. A plain <see cref="Sequential"/>, so its
/// parameter names ("0.weight", "3.weight", ..., "12.bias") are those of the same nn.Sequential in PyTorch. At 3×32×32
/// and 10 classes it has 390,410 parameters. With <c>batchNorm</c> a BatchNorm2d stands between each convolution and
/// its ReLU (the first improvement the course tries; 390,858 parameters, names shifted accordingly).
/// </summary>
public static class Table2Cnn
{
    /// <summary>The baseline for square <paramref name="inChannels"/>×<paramref name="imageSize"/>² inputs.</summary>
    public static Sequential Create(int inChannels = 3, int imageSize = 32, int numClasses = 10, bool batchNorm = false)
    {
        if (imageSize < 8)
        {
            throw new ArgumentException($"Table2Cnn: three 2×2 poolings need an image side of at least 8, got {imageSize}");
        }

        var model = new Sequential();
        int channels = inChannels;
        foreach (int width in new[] { 32, 64, 128 })
        {
            model.Add(new Conv2d(channels, width, 5, padding: 2));
            if (batchNorm)
            {
                model.Add(new BatchNorm2d(width));
            }

            model.Add(new ReLU());
            model.Add(new MaxPool2d(2));
            channels = width;
        }

        int side = imageSize / 8; // each max-pool floors the side to half
        model.Add(new Flatten());
        model.Add(new Linear(128 * side * side, 64));
        model.Add(new ReLU());
        model.Add(new Linear(64, numClasses));
        return model;
    }
}
