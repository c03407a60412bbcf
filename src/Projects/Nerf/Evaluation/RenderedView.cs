using IlgpuNet.Data;

namespace IlgpuNet.Nerf.Evaluation;

/// <summary>One rendered view: colour (3 x H x W, composited on the background), depth and opacity per pixel (row by row).</summary>
public sealed record RenderedView(FloatImage Color, float[] Depth, float[] Opacity);
