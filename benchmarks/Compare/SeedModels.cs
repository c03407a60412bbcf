using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// The seed models of the side-by-side comparison, one entry per model in benchmarks/Compare/torch_seed_models.py
/// (same names, shapes, batch, loss and optimizer: SGD lr 1e-3 momentum 0.9). The batch is the reference's (128
/// images, 65536 NeRF points) unless a batch is given, as the cost-growth sweeps do.
/// </summary>
public static class SeedModels
{
    private const int Batch = 128;
    private const int NerfPoints = 65536;
    private const int DetectorBatch = 32;
    private const int DetectorClasses = 10;

    // the colourization networks as the project trains them: kernel 3, NIC 1, NF 32, NC 24 colour classes
    private static readonly ColourNetConfig Colourization = new();

    public static IReadOnlyList<string> Names { get; } = ["task2", "cnn5", "resnet18", "pool-upsample", "conv-transpose", "unet", "srcnn", "nerf", "yolo"];

    public static IEnumerable<SeedModel> All => Names.Select(name => Find(name));

    public static SeedModel Find(string name, int? batch = null)
    {
        int b = batch ?? name switch { "nerf" => NerfPoints, "yolo" => DetectorBatch, _ => Batch };
        ArgumentOutOfRangeException.ThrowIfLessThan(b, 1, nameof(batch));
        return name switch
        {
            "task2" => new("task2", () => Table2Cnn.Create(), [b, 3, 32, 32], ClassLoss([b], 10), b, 6),
            "cnn5" => new("cnn5", () => CompositeCnn.Create(), [b, 3, 64, 64], ClassLoss([b], 10), b, 2),
            "resnet18" => new("resnet18", () => ResNet.ResNet18(numClasses: 10), [b, 3, 32, 32], ClassLoss([b], 10), b, 3),
            "pool-upsample" => new("pool-upsample", () => new PoolUpsampleNet(Colourization), [b, 1, 32, 32], ClassLoss([b, 32, 32], 24), b, 6),
            "conv-transpose" => new("conv-transpose", () => new ConvTransposeNet(Colourization), [b, 1, 32, 32], ClassLoss([b, 32, 32], 24), b, 6),
            "unet" => new("unet", () => new UNet(Colourization), [b, 1, 32, 32], ClassLoss([b, 32, 32], 24), b, 6),
            "srcnn" => new("srcnn", Srcnn, [b, 1, 33, 33], MeanSquare, b, 6),
            "nerf" => new("nerf", NerfMlp, [b, 63], MeanSquare, b, 3),
            "yolo" => new("yolo", () => new YoloDetector(DetectorClasses), [b, 3, 128, 128], DetectionLoss(b, DetectorClasses), b, 3),
            _ => throw new ArgumentException($"unknown seed model '{name}'; known: {string.Join(", ", Names)}"),
        };
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
        var moved = new Dictionary<IlgpuNet.Kernels.Device, Tensor>();  // the targets on each device a model runs on (gpu-check), moved once
        return output =>
        {
            if (!moved.TryGetValue(output.Device, out var onDevice))
            {
                onDevice = moved[output.Device] = targets.To(output.Device);
            }

            return Functional.CrossEntropy(output, onDevice);
        };
    }

    // Three objects per image at fixed places (torch_seed_models.py's detection_targets), under YoloLoss.
    private static Func<Tensor, Tensor> DetectionLoss(int images, int classes)
    {
        var rows = new float[images * 3 * 5];
        for (int i = 0; i < images; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                float x = (16 + 40 * j + 3 * i) % 96 + 16, y = (24 + 32 * j + 5 * i) % 96 + 16, halfWidth = 10 + 3 * j, halfHeight = 14 - 2 * j;
                float[] row = [(i + j) % classes, x - halfWidth, y - halfHeight, x + halfWidth, y + halfHeight];
                row.CopyTo(rows, (i * 3 + j) * 5);
            }
        }

        var targets = Tensor.FromArray(rows, images, 3, 5);
        var loss = new YoloLoss(classes);
        return output => loss.Call(output, targets);
    }

    private static Tensor MeanSquare(Tensor output)
    {
        using var squares = output.Square(); // its node keeps what backward needs, as Python frees the temporary
        return squares.Mean();
    }
}
