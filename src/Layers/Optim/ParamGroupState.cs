namespace IlgpuNet.Layers.Optim;

/// <summary>One saved parameter group: its option values and the indices of its parameters (PyTorch's "params").</summary>
public sealed record ParamGroupState(IReadOnlyDictionary<string, double> Options, IReadOnlyList<int> ParamIndices);
