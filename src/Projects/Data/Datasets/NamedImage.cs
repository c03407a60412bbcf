using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>An unlabelled image and the file it came from (for writing predictions).</summary>
public sealed record NamedImage(string Path, ByteImage Image);
