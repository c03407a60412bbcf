namespace IlgpuNet.Detection;

/// <summary>A box the detector found: its class and corners, and its score (objectness × class probability).</summary>
public readonly record struct DetectedObject(LabeledBox Box, double Score);
