using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Classification.Transfer;

/// <summary>
/// The seven configurations the transfer study compares: a small CNN from scratch under three training recipes
/// (Adam; SGD with momentum and weight decay; Adam without augmentation), and ResNet18 from scratch, as a frozen
/// feature extractor with a new fc, fine-tuned in layer4 + fc (AdamW with weight decay), and fine-tuned throughout (SGD).
/// </summary>
public static class TransferModels
{
    public const string Scratch = "from scratch";
    public const string CnnFamily = "scene CNN";
    public const string ResNetFamily = "ResNet18";

    /// <summary>
    /// Grad-CAM layers: the scene CNN's last ReLU (8×8 at 64×64) and ResNet18's layer3 (4×4 at 64×64; layer4's 2×2
    /// would say no more than which quarter of the image mattered).
    /// </summary>
    private const string ResNetCamLayer = "layer3";

    public static IReadOnlyList<TransferModel> All(string pretrainedSource) =>
    [
        new("cnn-adam", CnnFamily, Scratch, "all layers", "Adam lr 1e-3, cosine", true, Cnn, (p, e) => Cosine(new Adam(p, 1e-3), e)),
        new("cnn-sgd-wd", CnnFamily, Scratch, "all layers", "SGD momentum 0.9, lr 0.05, weight decay 5e-4, cosine", true, Cnn, (p, e) => Cosine(new Sgd(p, 0.05, momentum: 0.9, weightDecay: 5e-4), e)),
        new("cnn-adam-noaug", CnnFamily, Scratch, "all layers", "Adam lr 1e-3, cosine", false, Cnn, (p, e) => Cosine(new Adam(p, 1e-3), e)),
        new("resnet18-scratch", ResNetFamily, Scratch, "all layers", "Adam lr 1e-3, cosine", true, (_, classes) => ResNetScratch(classes), (p, e) => Cosine(new Adam(p, 1e-3), e)),
        new("resnet18-features", ResNetFamily, pretrainedSource, "new fc only (feature extraction)", "Adam lr 1e-3, cosine", true, (w, classes) => ResNetFrom(w, classes, "fc"), (p, e) => Cosine(new Adam(p, 1e-3), e)),
        new("resnet18-finetune", ResNetFamily, pretrainedSource, "layer4 + new fc", "AdamW lr 5e-4, weight decay 0.05, cosine", true, (w, classes) => ResNetFrom(w, classes, "layer4", "fc"), (p, e) => Cosine(new AdamW(p, 5e-4, weightDecay: 0.05), e)),
        new("resnet18-finetune-all", ResNetFamily, pretrainedSource, "all layers", "SGD momentum 0.9, lr 0.01, weight decay 1e-4, cosine", true, (w, classes) => ResNetFrom(w, classes, ""), (p, e) => Cosine(new Sgd(p, 0.01, momentum: 0.9, weightDecay: 1e-4), e)),
    ];

    private static (Module, IReadOnlyList<Tensor>, string) Cnn(IReadOnlyDictionary<string, Tensor> _, int classes)
    {
        var model = SceneCnn.Create(3, classes);
        return (model, model.Parameters().ToList(), SceneCnn.LastReLU.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (Module, IReadOnlyList<Tensor>, string) ResNetScratch(int classes)
    {
        var model = ResNet.ResNet18(numClasses: classes);
        return (model, model.Parameters().ToList(), ResNetCamLayer);
    }

    private static (Module, IReadOnlyList<Tensor>, string) ResNetFrom(IReadOnlyDictionary<string, Tensor> weights, int classes, params string[] trainable)
    {
        var (model, parameters) = ResNetTransfer.FromPretrained(weights, classes, trainable);
        return (model, parameters, ResNetCamLayer);
    }

    private static (Optimizer, LRScheduler?) Cosine(Optimizer optimizer, int epochs) => (optimizer, new CosineAnnealingLR(optimizer, epochs));
}
