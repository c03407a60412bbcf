using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>What an optimizer keeps for one parameter between steps: the step count and named buffers.</summary>
public sealed class ParameterState
{
    public long Step { get; set; }

    /// <summary>Buffers by PyTorch's names (exp_avg, exp_avg_sq, momentum_buffer, square_avg, ...).</summary>
    public Dictionary<string, Tensor> Buffers { get; } = [];

    /// <summary>The named buffer, created as zeros shaped like <paramref name="like"/> on first use.</summary>
    public Tensor ZerosBuffer(string name, Tensor like)
    {
        if (!Buffers.TryGetValue(name, out var buffer))
        {
            buffer = Tensor.ZerosLike(like);
            Buffers[name] = buffer;
        }

        return buffer;
    }
}
