using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// The convolutional part of a ResNet as a feature extractor (torchvision's IntermediateLayerGetter over a ResNet): the
/// stem (conv1, bn1, relu, maxpool) and the first <see cref="StageCount"/> stages, under torchvision's names, so the
/// matching keys of a ResNet state dict load. <see cref="Features"/> gives every stage's output: strides 4, 8, 16, 32.
/// </summary>
public sealed class ResNetBackbone : Module
{
    private static readonly string[] Stem = ["conv1", "bn1", "relu", "maxpool"];

    public ResNetBackbone(ResNet resnet, int stages = 4)
    {
        if (stages is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(stages), stages, "a ResNet has stages 1 to 4");
        }

        foreach (var name in Stem)
        {
            RegisterModule(name, resnet.GetSubmodule(name));
        }

        var channels = new List<int>();
        for (int stage = 1; stage <= stages; stage++)
        {
            var layer = RegisterModule($"layer{stage}", resnet.GetSubmodule($"layer{stage}"));
            channels.Add(layer.Modules().OfType<BatchNorm2d>().Last().NumFeatures); // the block output's batch norm
        }

        StageChannels = channels;
        typeName = $"{resnet.TypeName}Backbone";
    }

    private readonly string typeName;

    public override string TypeName => typeName;

    public int StageCount => StageChannels.Count;

    /// <summary>Channels of each stage's output (64, 128, 256, 512 for ResNet18).</summary>
    public IReadOnlyList<int> StageChannels { get; }

    /// <summary>ResNet18's stem and first <paramref name="stages"/> stages.</summary>
    public static ResNetBackbone ResNet18(int stages = 4, int inChannels = 3) => new(ResNet.ResNet18(inChannels: inChannels), stages);

    // x (N, in, H, W) → [(N, 64, H/4, W/4), (N, 128, H/8, W/8), (N, 256, H/16, W/16), (N, 512, H/32, W/32)] for ResNet18
    public IReadOnlyList<Tensor> Features(Tensor input)
    {
        var spent = new Intermediates(input); // the stem's maps are released as soon as the next layer took them
        var x = spent.Then(input, GetSubmodule("conv1").Call);
        x = spent.Then(x, x => BatchNorm.CallThenRelu(GetSubmodule("bn1"), GetSubmodule("relu"), x));
        x = spent.Then(x, GetSubmodule("maxpool").Call);

        var features = new List<Tensor>(StageCount);
        for (int stage = 1; stage <= StageCount; stage++)
        {
            var stageInput = x;
            x = GetSubmodule($"layer{stage}").Call(x);
            if (stage == 1)
            {
                spent.Release(stageInput, x); // the stem's output; every later stage's input is a feature handed on
            }

            features.Add(x);
        }

        return features;
    }

    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input); // the earlier stages' maps are released: only the last is handed on
        var features = Features(input);
        foreach (var feature in features)
        {
            spent.Release(feature, features[^1]);
        }

        return features[^1];
    }
}
