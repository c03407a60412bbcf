namespace IlgpuNet.Kernels;

/// <summary>
/// The shape of a multiresolution hash encoding (Müller et al. 2022): <see cref="Levels"/> grids whose resolutions grow
/// geometrically from <see cref="BaseResolution"/> to <see cref="MaxResolution"/> cells per axis, each backed by
/// <see cref="TableSize"/> rows of <see cref="Features"/> trainable values. A level whose (R+1)³ vertices fit in the
/// table indexes it densely; a finer level hashes its vertices into it.
/// </summary>
public sealed record HashGridGeometry
{
    public HashGridGeometry(int levels, int features, int tableSize, int baseResolution, int maxResolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tableSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseResolution, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResolution, baseResolution);
        Levels = levels;
        Features = features;
        TableSize = tableSize;
        BaseResolution = baseResolution;
        MaxResolution = maxResolution;
        double growth = levels > 1 ? Math.Exp((Math.Log(maxResolution) - Math.Log(baseResolution)) / (levels - 1)) : 1;
        var resolutions = new int[levels];
        for (int l = 0; l < levels; l++)
        {
            // floor(Nmin b^l), the paper's eq. 2 and 3; the small bias keeps Nmax itself from rounding down
            resolutions[l] = Math.Min(maxResolution, (int)Math.Floor(baseResolution * Math.Pow(growth, l) + 1e-9));
        }

        Resolutions = resolutions;
    }

    public int Levels { get; }

    public int Features { get; }

    public int TableSize { get; }

    public int BaseResolution { get; }

    public int MaxResolution { get; }

    /// <summary>Cells per axis of each level.</summary>
    public IReadOnlyList<int> Resolutions { get; }

    /// <summary>Width of the encoding: one group of <see cref="Features"/> per level.</summary>
    public int OutputFeatures => Levels * Features;

    /// <summary>True when level <paramref name="level"/> stores every vertex in its own row (no hashing).</summary>
    public bool IsDense(int level) => Level(level).IsDense;

    /// <summary>Level <paramref name="level"/>'s constants as the kernels read them.</summary>
    public HashGridLevel Level(int level) => new(level, Resolutions[level], TableSize, Features);

    /// <summary>Every level's constants, coarsest first.</summary>
    public HashGridLevel[] LevelLayouts() => Enumerable.Range(0, Levels).Select(Level).ToArray();
}
