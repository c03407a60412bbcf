using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// An optimizer's resumable state, shaped like PyTorch's: per-parameter tensors keyed "{paramIndex}.{buffer}"
/// ("0.exp_avg", "0.step"; indices count through all groups in order) and the groups' options.
/// </summary>
public sealed record OptimizerStateDict(IReadOnlyDictionary<string, Tensor> State, IReadOnlyList<ParamGroupState> ParamGroups);
