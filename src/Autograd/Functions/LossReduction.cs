namespace IlgpuNet.Autograd.Functions;

/// <summary>How a loss reduces its per-element values: PyTorch's reduction='none' | 'mean' | 'sum'.</summary>
public enum LossReduction
{
    None,
    Mean,
    Sum,
}
