using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>An image with its class index.</summary>
public sealed record LabeledImage(ByteImage Image, int Label);
