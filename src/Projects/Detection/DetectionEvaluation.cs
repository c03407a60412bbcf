namespace IlgpuNet.Detection;

/// <summary>A detector measured on one split: its mean loss per batch, its average precision and what it found in each image.</summary>
public sealed record DetectionEvaluation(double Loss, DetectionMetrics Metrics, IReadOnlyList<IReadOnlyList<DetectedObject>> Detections);
