using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>A <see cref="YoloLoss"/> evaluation: the weighted total (to backpropagate), its unweighted terms and the number of positive cells.</summary>
public sealed record YoloLossParts(Tensor Total, Tensor Box, Tensor Objectness, Tensor Classification, int Positives);
