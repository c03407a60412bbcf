namespace IlgpuNet.Layers;

/// <summary>How a loss reduces its per-element values: PyTorch's reduction='mean' | 'sum' | 'none'.</summary>
public enum Reduction
{
    Mean,
    Sum,
    None,
}
