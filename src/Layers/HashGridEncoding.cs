using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Multiresolution hash encoding as a layer: (N, 3) positions in [0, 1]³ → (N, levels × features). Parameter
/// "table" (levels, table size, features), initialised uniform in [-1e-4, 1e-4] as in Instant-NGP.
/// </summary>
public sealed class HashGridEncoding : Module
{
    public HashGridEncoding(HashGridGeometry grid, Generator? generator = null)
    {
        Grid = grid;
        RegisterParameter("table", Tensor.Zeros(grid.Levels, grid.TableSize, grid.Features));
        Init.Uniform(Table, -1e-4, 1e-4, generator);
    }

    public HashGridGeometry Grid { get; }

    public Tensor Table => RequiredParameter("table");

    public int OutputFeatures => Grid.OutputFeatures;

    public override Tensor Forward(Tensor input) => Functional.HashGridEncode(input, Table, Grid);

    protected override string ExtraRepr() =>
        $"levels={Grid.Levels}, features={Grid.Features}, table_size={Grid.TableSize}, resolution={Grid.BaseResolution}..{Grid.MaxResolution}";
}
