using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// The seed models of the side-by-side comparison, one entry per model in benchmarks/Compare/torch_seed_models.py
/// (same names, shapes, batch, loss and optimizer: SGD lr 1e-3 momentum 0.9).
/// </summary>
public static class SeedModels
{
    private const int Batch = 128;
    private const int NerfPoints = 65536;

    public static IReadOnlyList<SeedModel> All { get; } =
    [
        new("task2", Task2Cnn, [Batch, 3, 32, 32], ClassLoss([Batch], 10), Batch, 6),
        new("cnn5", CompositeCnn, [Batch, 3, 64, 64], ClassLoss([Batch], 10), Batch, 2),
        new("resnet18", () => ResNet.ResNet18(numClasses: 10), [Batch, 3, 32, 32], ClassLoss([Batch], 10), Batch, 3),
        new("unet", () => new ColorizationUNet(), [Batch, 1, 32, 32], ClassLoss([Batch, 32, 32], 24), Batch, 6),
        new("srcnn", Srcnn, [Batch, 1, 33, 33], MeanSquare, Batch, 6),
        new("nerf", NerfMlp, [NerfPoints, 63], MeanSquare, NerfPoints, 3),
    ];

    public static SeedModel Find(string name) => All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown seed model '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}");

    // Table 2: conv 5×5 32/64/128 (padding 2) + ReLU + 2×2 max-pool, FC 64, FC 10 on 3×32×32 (390,410 parameters).
    private static Module Task2Cnn() => new Sequential(
        new Conv2d(3, 32, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(64, 128, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(2048, 64), new ReLU(), new Linear(64, 10));

    // Table 1: five conv-BN-ReLU-maxpool(3, stride 1, pad 1) blocks, kernels 7/3/3/3/3, global average pool, linear 80→10.
    private static Module CompositeCnn()
    {
        var layers = new List<Module>();
        int inChannels = 3;
        foreach (var (kernel, padding, channels) in new[] { (7, 3, 16), (3, 1, 32), (3, 1, 48), (3, 1, 64), (3, 1, 80) })
        {
            layers.AddRange([new Conv2d(inChannels, channels, kernel, padding: padding), new BatchNorm2d(channels), new ReLU(),
                new MaxPool2d(3, stride: 1, padding: 1)]);
            inChannels = channels;
        }

        layers.AddRange([new AdaptiveAvgPool2d(1), new Flatten(), new Linear(80, 10)]);
        return new Sequential([.. layers]);
    }

    // SRCNN 9-1-5 with 64/32 filters, padded so the output keeps the input's size.
    private static Module Srcnn() => new Sequential(
        new Conv2d(1, 64, 9, padding: 4), new ReLU(), new Conv2d(64, 32, 1), new ReLU(), new Conv2d(32, 1, 5, padding: 2));

    // NeRF's coarse MLP without the skip: positional encoding (63) → 8 × 256 ReLU → rgb + sigma.
    private static Module NerfMlp()
    {
        var layers = new List<Module> { new Linear(63, 256), new ReLU() };
        for (int i = 0; i < 7; i++)
        {
            layers.AddRange([new Linear(256, 256), new ReLU()]);
        }

        layers.Add(new Linear(256, 4));
        return new Sequential([.. layers]);
    }

    private static Func<Tensor, Tensor> ClassLoss(int[] targetShape, int classes)
    {
        var targets = Tensor.Randint(0, classes, targetShape);
        return output => Functional.CrossEntropy(output, targets);
    }

    private static Tensor MeanSquare(Tensor output) => output.Square().Mean();
}
