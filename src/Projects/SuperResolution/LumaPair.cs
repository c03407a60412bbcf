using IlgpuNet.Data.Imaging;

namespace IlgpuNet.SuperResolution;

/// <summary>An 8-bit high-resolution luma plane and its low-resolution partner, exactly scale times smaller.</summary>
public sealed record LumaPair(ByteImage HighRes, ByteImage LowRes);
