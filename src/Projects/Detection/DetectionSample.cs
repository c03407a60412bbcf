using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Detection;

/// <summary>An image with the boxes of the objects in it (possibly none) and the file it came from.</summary>
public sealed record DetectionSample(ByteImage Image, IReadOnlyList<LabeledBox> Boxes, string Source);
