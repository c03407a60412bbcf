using IlgpuNet.Nerf.Rendering;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// The samples of a batch of <see cref="Rays"/> rays for <see cref="FastNerf"/>: <see cref="Total"/> packed samples
/// (positions in the unit cube the encoding reads, [T, 3]; the spherical harmonics of their ray's direction, [T, 16]),
/// and the padded layout volume rendering takes: [R, Width] indices into the packed samples (Total = an empty slot),
/// depths and distances (0 in empty slots).
/// </summary>
public sealed class SampleBatch(int rays, int total, int width)
{
    public int Rays { get; } = rays;

    public int Total { get; } = total;

    public int Width { get; } = width;

    public float[] Positions { get; } = new float[3 * total];

    public float[] Directions { get; } = new float[SphericalHarmonics.Width * total];

    public long[] PaddedIndex { get; } = new long[(long)rays * width];

    public float[] PaddedDepths { get; } = new float[(long)rays * width];

    public float[] PaddedDistances { get; } = new float[(long)rays * width];
}
