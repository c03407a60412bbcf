using IlgpuNet.Kernels;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// Which cells of a G³ grid over the bounding cube [-bound, bound]³ hold anything: a running density estimate per
/// cell (Instant-NGP's density grid: the new estimate is the density at a random point in the cell, kept as
/// max(0.95 · old, new)), and a cell is occupied when its estimate exceeds min(mean, threshold), the threshold being the
/// density at which one marching step reaches opacity 0.01. Until the first update every cell counts as occupied.
/// </summary>
public sealed class OccupancyGrid
{
    private const float Decay = 0.95f;
    private readonly bool[] occupied;

    public OccupancyGrid(int resolution, double bound, double stepLength)
    {
        Resolution = resolution;
        Bound = bound;
        Threshold = (float)(-Math.Log(1 - 0.01) / stepLength);
        Density = new float[resolution * resolution * resolution];
        occupied = new bool[Density.Length];
        Array.Fill(occupied, true);
    }

    public int Resolution { get; }

    public double Bound { get; }

    /// <summary>Density whose alpha over one marching step is 0.01.</summary>
    public float Threshold { get; }

    /// <summary>Running density estimate per cell, x fastest then y then z.</summary>
    public float[] Density { get; }

    public bool HasEstimates { get; private set; }

    public int CellCount => Density.Length;

    /// <summary>Fraction of cells marked occupied.</summary>
    public double OccupiedFraction => occupied.Count(o => o) / (double)occupied.Length;

    /// <summary>True when the cell holding world point (x, y, z) is occupied (points outside the cube are not).</summary>
    public bool IsOccupied(float x, float y, float z)
    {
        int cx = Cell(x), cy = Cell(y), cz = Cell(z);
        return cx >= 0 && cy >= 0 && cz >= 0 && occupied[cx + (Resolution * (cy + (Resolution * cz)))];
    }

    /// <summary>
    /// Random points, one per cell, in the unit cube the encoding reads ([0, 1]³ for [-bound, bound]³), drawn from
    /// (<paramref name="seed"/>, <paramref name="offset"/>): what <see cref="Update"/> needs densities at.
    /// </summary>
    public float[] SamplePoints(ulong seed, ulong offset)
    {
        var points = new float[3 * CellCount];
        int g = Resolution;
        for (int z = 0, cell = 0; z < g; z++)
        {
            for (int y = 0; y < g; y++)
            {
                for (int x = 0; x < g; x++, cell++)
                {
                    points[3 * cell] = (x + Philox.Uniform(seed, offset, 3L * cell)) / g;
                    points[(3 * cell) + 1] = (y + Philox.Uniform(seed, offset, (3L * cell) + 1)) / g;
                    points[(3 * cell) + 2] = (z + Philox.Uniform(seed, offset, (3L * cell) + 2)) / g;
                }
            }
        }

        return points;
    }

    /// <summary>Folds one density per cell (at <see cref="SamplePoints"/>) into the estimates and re-marks the occupied cells.</summary>
    public void Update(ReadOnlySpan<float> densities)
    {
        for (int i = 0; i < Density.Length; i++)
        {
            Density[i] = HasEstimates ? Math.Max(Decay * Density[i], densities[i]) : densities[i];
        }

        HasEstimates = true;
        Remark();
    }

    /// <summary>Takes saved estimates (a checkpoint's) and re-marks the occupied cells.</summary>
    public void Restore(ReadOnlySpan<float> density, bool hasEstimates)
    {
        density.CopyTo(Density);
        HasEstimates = hasEstimates;
        if (hasEstimates)
        {
            Remark();
        }
        else
        {
            Array.Fill(occupied, true);
        }
    }

    private void Remark()
    {
        double mean = Density.Average(d => (double)d);
        float threshold = (float)Math.Min(mean, Threshold);
        for (int i = 0; i < Density.Length; i++)
        {
            occupied[i] = Density[i] > threshold;
        }
    }

    private int Cell(float coordinate)
    {
        int cell = (int)Math.Floor((coordinate + Bound) / (2 * Bound) * Resolution);
        return cell >= 0 && cell < Resolution ? cell : -1;
    }
}
