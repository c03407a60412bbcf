using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// Reusable temporaries for update rules: one flat buffer per slot, dtype and device, grown to the largest parameter and
/// handed out as contiguous views, so a step allocates nothing per parameter once warmed up.
/// </summary>
internal sealed class ScratchBuffers
{
    private readonly Dictionary<(int Slot, DType DType, Device Device), Tensor> buffers = [];

    public Tensor Get(int slot, Tensor like)
    {
        var key = (slot, like.DType, like.Device);
        if (!buffers.TryGetValue(key, out var flat) || flat.Numel < like.Numel)
        {
            flat = Tensor.Zeros([Math.Max(like.Numel, 1)], like.DType, like.Device);
            buffers[key] = flat;
        }

        return flat.Narrow(0, 0, like.Numel).Reshape(like.Shape);
    }
}
