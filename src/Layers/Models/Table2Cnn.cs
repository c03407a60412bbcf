namespace IlgpuNet.Layers.Models;

/// <summary>
/// The course's Table-2 baseline CNN: three 5×5 convolutions (32, 64, 128 filters, padding 2), each followed by ReLU
/// and 2×2 max-pooling, then flatten, FC 64 + ReLU, FC <c>numClasses</c>. A plain <see cref="Sequential"/>, so its
/// parameter names ("0.weight", "3.weight", ..., "12.bias") are those of the same nn.Sequential in PyTorch. At 3×32×32
/// and 10 classes it has 390,410 parameters.
/// </summary>
public static class Table2Cnn
{
    /// <summary>The baseline for square <paramref name="inChannels"/>×<paramref name="imageSize"/>² inputs.</summary>
    public static Sequential Create(int inChannels = 3, int imageSize = 32, int numClasses = 10)
    {
        if (imageSize < 8)
        {
            throw new ArgumentException($"Table2Cnn: three 2×2 poolings need an image side of at least 8, got {imageSize}");
        }

        int side = imageSize / 8; // each max-pool floors the side to half
        return new Sequential(
            new Conv2d(inChannels, 32, 5, padding: 2), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, 5, padding: 2), new ReLU(), new MaxPool2d(2),
            new Conv2d(64, 128, 5, padding: 2), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(128 * side * side, 64), new ReLU(), new Linear(64, numClasses));
    }
}
