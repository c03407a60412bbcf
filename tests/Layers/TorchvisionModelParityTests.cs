using System.Text.Json;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// torchvision's resnet18 and alexnet, saved with torch.save (tests/fixtures/make_model_fixtures.py: real modules and
/// key names, sparse seeded weights, calibrated batch-norm statistics), load through PthReader into our ResNet18 and
/// AlexNet, and in eval mode give torchvision's logits for the same images.
/// </summary>
public class TorchvisionModelParityTests
{
    [Theory]
    [InlineData("resnet18")]
    [InlineData("alexnet")]
    public void TorchvisionStateDict_LoadedFromPth_GivesTorchvisionLogits(string name)
    {
        var reference = SafeTensors.Read(FixturePath.Of("models", $"{name}_logits.safetensors"));
        int numClasses = JsonDocument.Parse(reference.Metadata["model"]).RootElement.GetProperty("num_classes").GetInt32();
        Module model = name == "resnet18" ? ResNet.ResNet18(numClasses) : new AlexNet(numClasses);

        var stateDict = PthReader.ReadStateDict(FixturePath.Of("models", $"{name}.pth"));
        var loaded = model.LoadStateDict(stateDict); // strict: a missing, unexpected or misshapen key throws
        Assert.Equal(model.StateDict().Keys, stateDict.Keys);
        Assert.True(loaded.IsClean, loaded.ToString());
        model.Eval();

        var images = reference.Tensors["pixels"].To(DType.Float32).Sub(128).Div(64); // exact, as in the script
        Tensor logits;
        using (GradMode.NoGrad())
        {
            logits = model.Call(images);
        }

        var expected = reference.Tensors["logits"];
        Assert.Equal(expected.Shape, logits.Shape);
        double[] e = expected.ToDoubleArray(), a = logits.ToDoubleArray();
        double scale = e.Max(Math.Abs);
        double worst = e.Zip(a, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst <= 1e-4 * scale, $"{name}: logits differ from torchvision's by up to {worst:G4} (largest logit {scale:G4})");
    }
}
