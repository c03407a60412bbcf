namespace IlgpuNet.Layers.Models;

/// <summary>
/// The scene-recognition course's SimpleNet for 64×64 gray images: conv 9×9 with 10 filters (64 → 56), max-pool 7
/// with stride 7 (56 → 8), ReLU, conv 8×8 to 15 class scores (8 → 1), flattened: 10,435 parameters. With
/// <c>dropout</c> a Dropout stands before the last convolution (the course's regularisation step). A plain
/// <see cref="Sequential"/>, so its parameter names are those of the same nn.Sequential.
/// </summary>
public static class SimpleNet
{
    public const int ImageSize = 64;

    public static Sequential Create(int numClasses = 15, double dropout = 0)
    {
        var model = new Sequential(new Conv2d(1, 10, 9), new MaxPool2d(7, 7), new ReLU());
        if (dropout > 0)
        {
            model.Add(new Dropout(dropout));
        }

        model.Add(new Conv2d(10, numClasses, 8));
        model.Add(new Flatten());
        return model;
    }
}
