using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// One seed model's training step as the PyTorch reference defines it: a model, a fixed input batch, a loss on the
/// output, and how many items one step processes (images, or points for the NeRF MLP).
/// </summary>
public sealed record SeedModel(string Name, Func<Module> Build, int[] InputShape, Func<Tensor, Tensor> Loss, int Items, int TimedSteps)
{
    public override string ToString() => Name;
}
