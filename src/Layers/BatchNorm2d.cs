using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Batch normalisation of (N, C, H, W) inputs.</summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats)
{
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4)
        {
            throw new ArgumentException($"BatchNorm2d: expected 4D input (got {input.Rank}D input)");
        }
    }
}
