namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Operands of one elementwise launch viewed over a shared shape, each with its own offset and strides (stride 0 =
/// broadcast). <see cref="Coalesce"/> merges adjacent dimensions that are contiguous for every operand, so most
/// launches become one long row and the inner loop is a plain span loop.
/// </summary>
public sealed class StridedLayout
{
    private StridedLayout(int[] shape, int[][] strides, int[] offsets)
    {
        Shape = shape;
        Strides = strides;
        Offsets = offsets;
    }

    public int[] Shape { get; }

    /// <summary>Strides[operand][dim].</summary>
    public int[][] Strides { get; }

    public int[] Offsets { get; }

    public int Rank => Shape.Length;

    /// <summary>Length of the innermost dimension (1 for a scalar).</summary>
    public int RowLength => Rank == 0 ? 1 : Shape[^1];

    public long RowCount
    {
        get
        {
            long rows = 1;
            for (int d = 0; d < Rank - 1; d++)
            {
                rows *= Shape[d];
            }

            return rows;
        }
    }

    /// <summary>Stride of the innermost dimension for one operand.</summary>
    public int InnerStride(int operand) => Rank == 0 ? 0 : Strides[operand][^1];

    public static StridedLayout Coalesce(int[] shape, int[][] strides, int[] offsets)
    {
        // Drop size-1 dimensions: their stride never matters.
        var dims = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] != 1)
            {
                dims.Add(d);
            }
        }

        var mergedShape = new List<int>();
        var mergedStrides = new List<int>[strides.Length];
        for (int o = 0; o < strides.Length; o++)
        {
            mergedStrides[o] = [];
        }

        foreach (int d in dims)
        {
            bool canMerge = mergedShape.Count > 0;
            for (int o = 0; o < strides.Length && canMerge; o++)
            {
                // outer stride must equal inner stride * inner size for the two dims to act as one
                canMerge = mergedStrides[o][^1] == strides[o][d] * shape[d];
            }

            if (canMerge)
            {
                mergedShape[^1] *= shape[d];
                for (int o = 0; o < strides.Length; o++)
                {
                    mergedStrides[o][^1] = strides[o][d];
                }
            }
            else
            {
                mergedShape.Add(shape[d]);
                for (int o = 0; o < strides.Length; o++)
                {
                    mergedStrides[o].Add(strides[o][d]);
                }
            }
        }

        SplitLongRow(mergedShape, mergedStrides);
        return new StridedLayout([.. mergedShape], mergedStrides.Select(s => s.ToArray()).ToArray(), offsets);
    }

    /// <summary>Shortest row cut from a longer one, and the longest: long enough that a row's overhead vanishes.</summary>
    private const int MinPiece = 1 << 12, MaxPiece = 1 << 16;

    // A launch over a contiguous tensor coalesces into one row, and rows are what the workers share: cut a long row
    // into rows of a power-of-two length that divides it (dims (L) → (L / piece, piece)), or ReLU over a 33 MB
    // activation runs on one core. A length with no such divisor stays one row.
    private static void SplitLongRow(List<int> shape, List<int>[] strides)
    {
        if (shape.Count == 0 || shape[^1] < 2 * MinPiece)
        {
            return;
        }

        int length = shape[^1];
        for (int piece = MaxPiece; piece >= MinPiece; piece /= 2)
        {
            if (length % piece == 0 && length / piece >= 2)
            {
                shape[^1] = length / piece;
                shape.Add(piece);
                foreach (var s in strides)
                {
                    s.Add(s[^1]);
                    s[^2] *= piece;
                }

                return;
            }
        }
    }

    /// <summary>Element offset of the first element of row <paramref name="row"/> for one operand.</summary>
    public int RowStart(int operand, long row)
    {
        int offset = Offsets[operand];
        var strides = Strides[operand];
        for (int d = Rank - 2; d >= 0 && row > 0; d--)
        {
            offset += (int)(row % Shape[d]) * strides[d];
            row /= Shape[d];
        }

        return offset;
    }

    /// <summary>Runs body(rowStart offsets...) for every row, split over the CPU workers.</summary>
    public void ForEachRow(int costPerElement, Action<long, long> rows)
        => CpuParallel.For(RowCount, (long)RowLength * costPerElement, rows);
}
