using IlgpuNet.Autograd;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Loading;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Cifar;

/// <summary>
/// What the transferred ResNet18 looks at: first-layer filters 14, 26, 32, 49 and 52 beside their activation maps on
/// one image, and the first ten maps of the last convolutional stage (layer4: 512×7×7 for a 224×224 input).
/// </summary>
public static class FilterStudy
{
    public static readonly int[] Filters = [14, 26, 32, 49, 52];

    public const int InputSize = 224;

    public sealed record Figures(string InputImage, string FilterActivations, string LastLayerMaps, int[] LastLayerShape);

    public static Figures Render(RunFolder run, ResNet model, LabeledImage sample)
    {
        var input = ImageResize.Resize(sample.Image, InputSize, InputSize, ResizeMethod.Bilinear);
        var batch = ImageBatch.Collate([sample with { Image = input }], ResNetTransfer.ImageNetMean, ResNetTransfer.ImageNetStd);
        var conv1 = (Conv2d)model.GetSubmodule("conv1");
        Tensor? firstMaps = null, lastMaps = null;
        var handles = new[]
        {
            conv1.RegisterForwardHook((Module _, Tensor _, Tensor output) => firstMaps = output.Detach()),
            model.GetSubmodule("layer4").RegisterForwardHook((Module _, Tensor _, Tensor output) => lastMaps = output.Detach()),
        };
        model.Eval();
        using (GradMode.NoGrad())
        {
            model.Call(batch.Images.To(model.Device));
        }

        foreach (var handle in handles)
        {
            handle.Remove();
        }

        string inputPath = run.SaveImage(input, "filter_input.png");
        var weights = conv1.Weight.Detach().Contiguous().ToArray();
        int inChannels = conv1.InChannels, k = conv1.KernelSize.H, filterSize = inChannels * k * k;
        var first = firstMaps!.Contiguous().ToArray();
        int mapHeight = firstMaps.Size(2), mapWidth = firstMaps.Size(3), plane = mapHeight * mapWidth;
        var grid = new ImageGrid(2) { CellWidth = 160, CellHeight = 160 };
        foreach (int f in Filters.Where(f => f < conv1.OutChannels))
        {
            grid.Add(FilterMosaic.Render(weights.AsSpan(f * filterSize, filterSize).ToArray(), 1, inChannels, k, k, scale: 16), $"filter {f}");
            grid.Add(ActivationMosaic.Render(first.AsSpan(f * plane, plane).ToArray(), 1, mapHeight, mapWidth, scale: 1), $"activation {f}");
        }

        string filterPath = run.SaveImage(grid.Render(), "conv1_filters_activations.png");
        int channels = lastMaps!.Size(1), height = lastMaps.Size(2), width = lastMaps.Size(3);
        var last = lastMaps.Contiguous().ToArray();
        var mosaic = ActivationMosaic.Render(last.AsSpan(0, 10 * height * width).ToArray(), 10, height, width, scale: 16, columns: 5);
        string lastPath = run.SaveImage(mosaic, "layer4_first10_maps.png");
        return new Figures(inputPath, filterPath, lastPath, [1, channels, height, width]);
    }
}
