using IlgpuNet.Tensors;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// What a radiance model gives for a batch of R rays: colour (R, 3) composited on the background, depth (R) and
/// opacity (R); for the paper's model also the coarse network's colour (its loss term). <see cref="Samples"/> counts
/// the network evaluations the batch took.
/// </summary>
public sealed record RenderedRays(Tensor Color, Tensor Depth, Tensor Opacity, Tensor? CoarseColor, long Samples);
