using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// What <see cref="Functional.VolumeRender"/> gives per ray: colour (R, 3), depth (R), opacity (accumulated alpha,
/// R), all differentiable in the densities and colours, and the sample weights (R, S) without gradient (for
/// importance sampling).
/// </summary>
public sealed record VolumeRendering(Tensor Color, Tensor Depth, Tensor Opacity, Tensor Weights);
