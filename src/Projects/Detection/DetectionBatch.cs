using IlgpuNet.Tensors;

namespace IlgpuNet.Detection;

/// <summary>
/// A collated batch: normalised images (N, 3, S, S) float32 and targets (N, M, 5) of (class, x1, y1, x2, y2) rows in
/// input pixels (after augmentation), padded with class −1 up to the batch's largest object count M (at least 1); and the
/// samples as stored, before augmentation.
/// </summary>
public sealed record DetectionBatch(Tensor Images, Tensor Targets, IReadOnlyList<DetectionSample> Samples)
{
    public int Count => Samples.Count;
}
