using IlgpuNet.Data.Imaging;

namespace IlgpuNet.SuperResolution;

/// <summary>One column of a comparison figure: a label ("bicubic"), the enlarged colour image and an optional score line.</summary>
public sealed record ComparisonPanel(string Label, ByteImage Image, string Score = "");
