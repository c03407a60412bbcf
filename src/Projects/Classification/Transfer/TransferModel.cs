using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Classification.Transfer;

/// <summary>
/// One model configuration of the transfer study: how it starts (from scratch or from pretrained weights), what it
/// trains, its optimizer, and whether its training images are augmented. <see cref="Build"/> makes the network (given
/// the pretrained weights and the class count) and names its trainable parameters and its Grad-CAM layer.
/// </summary>
public sealed record TransferModel(
    string Name,
    string Family,
    string Start,
    string Trained,
    string Training,
    bool Augmented,
    Func<IReadOnlyDictionary<string, Tensor>, int, (Module Model, IReadOnlyList<Tensor> Trainable, string CamLayer)> Build,
    Func<IReadOnlyList<Tensor>, int, (Optimizer Optimizer, LRScheduler? Scheduler)> Optimize)
{
    public bool Pretrained => Start != TransferModels.Scratch;
}
