using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// What a torch.save'd dict holds: its tensors (nested dicts flattened to dotted names, in file order) and its
/// other plain values (numbers, strings, booleans, None), such as the "epoch" of a training checkpoint.
/// </summary>
public sealed record PthFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, object?> OtherValues);
