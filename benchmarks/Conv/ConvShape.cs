using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Benchmarks.Conv;

/// <summary>A convolution the seed models run (batch as in their training step), named after model and layer.</summary>
public sealed record ConvShape(string Name, int N, int C, int H, int K, int Kernel, int Padding, int Stride = 1)
{
    public Conv2dGeometry Geometry => new(N, C, H, H, K, Kernel, Kernel, Stride, Stride, Padding, Padding, 1, 1, 1);

    /// <summary>2·N·K·OH·OW·C·KH·KW: multiply-adds of one pass (forward, dx and dw each cost the same).</summary>
    public double Flops
    {
        get
        {
            var g = Geometry;
            return 2.0 * g.N * g.OutChannels * g.OutH * g.OutW * g.InChannels * g.KernelH * g.KernelW;
        }
    }

    public override string ToString() => Name;

    public static IReadOnlyList<ConvShape> SeedModels { get; } =
    [
        new("task2 conv1 5x5", 128, 3, 32, 32, 5, 2),
        new("task2 conv2 5x5", 128, 32, 16, 64, 5, 2),
        new("task2 conv3 5x5", 128, 64, 8, 128, 5, 2),
        new("cnn5 conv1 7x7", 128, 3, 64, 16, 7, 3),
        new("cnn5 conv3 3x3", 128, 32, 64, 48, 3, 1),
        new("cnn5 conv5 3x3", 128, 64, 64, 80, 3, 1),
        new("resnet18 conv1 7x7/2", 128, 3, 32, 64, 7, 3, 2),
        new("resnet18 layer1 3x3", 128, 64, 8, 64, 3, 1),
        new("resnet18 layer2 3x3/2", 128, 64, 8, 128, 3, 1, 2),
        new("resnet18 layer2 3x3", 128, 128, 4, 128, 3, 1),
        new("resnet18 layer3 3x3", 128, 256, 2, 256, 3, 1),
        new("resnet18 layer4 3x3/2", 128, 256, 2, 512, 3, 1, 2),
        new("resnet18 layer4 3x3", 128, 512, 1, 512, 3, 1),
        new("resnet18 layer4 1x1/2", 128, 256, 2, 512, 1, 0, 2),
        new("yolo stem 7x7/2", 32, 3, 128, 64, 7, 3, 2),
        new("yolo layer1 3x3", 32, 64, 32, 64, 3, 1),
        new("yolo layer2 3x3/2", 32, 64, 32, 128, 3, 1, 2),
        new("yolo layer2 3x3", 32, 128, 16, 128, 3, 1),
        new("yolo layer3 3x3/2", 32, 128, 16, 256, 3, 1, 2),
        new("yolo layer3 3x3", 32, 256, 8, 256, 3, 1),
        new("yolo head 3x3", 32, 128, 16, 128, 3, 1),
        new("yolo layer2 1x1/2", 32, 64, 32, 128, 1, 0, 2),
        new("yolo layer3 1x1/2", 32, 128, 16, 256, 1, 0, 2),
        new("yolo neck 1x1 fine", 32, 128, 16, 128, 1, 0),
        new("yolo neck 1x1 coarse", 32, 256, 8, 128, 1, 0),
        new("yolo head 1x1", 32, 128, 16, 15, 1, 0),
        new("pool-upsample conv1 3x3", 128, 1, 32, 32, 3, 1),
        new("pool-upsample conv2 3x3", 128, 32, 16, 64, 3, 1),
        new("pool-upsample conv3 3x3", 128, 64, 8, 32, 3, 1),
        new("pool-upsample conv4 3x3", 128, 32, 16, 24, 3, 1),
        new("pool-upsample conv5 3x3", 128, 24, 32, 24, 3, 1),
        new("unet d2 3x3/2", 128, 32, 16, 64, 3, 1, 2),
        new("unet out 3x3", 128, 33, 32, 24, 3, 1),
        new("srcnn conv1 9x9", 128, 1, 33, 64, 9, 4),
        new("srcnn conv2 1x1", 128, 64, 33, 32, 1, 0),
        new("srcnn conv3 5x5", 128, 32, 33, 1, 5, 2),
    ];

    /// <summary>FSRCNN ×3's convolutions on a whole 512 × 512 picture (`sr upscale`: one image, inference).</summary>
    public static IReadOnlyList<ConvShape> Upscale { get; } =
    [
        new("fsrcnn first 5x5 (512², one image)", 1, 1, 512, 56, 5, 2),
        new("fsrcnn shrink 1x1 (512², one image)", 1, 56, 512, 12, 1, 0),
        new("fsrcnn map 3x3 (512², one image)", 1, 12, 512, 12, 3, 1),
        new("fsrcnn expand 1x1 (512², one image)", 1, 12, 512, 56, 1, 0),
    ];

    /// <summary>The detector's 3×3 layers on a single picture (inference): too few tiles for every worker at 8×8 and 16×16.</summary>
    public static IReadOnlyList<ConvShape> OneImage { get; } =
    [
        new("yolo layer1 3x3 (one image)", 1, 64, 32, 64, 3, 1),
        new("yolo layer2 3x3 (one image)", 1, 128, 16, 128, 3, 1),
        new("yolo layer3 3x3 (one image)", 1, 256, 8, 256, 3, 1),
    ];
}
