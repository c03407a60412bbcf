using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>A high-resolution image and its low-resolution counterpart at <see cref="Scale"/>.</summary>
public sealed record SuperResolutionPair(string Name, int Scale, ByteImage HighRes, ByteImage LowRes);
