using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Multiresolution hash encoding (Müller et al. 2022, "Instant Neural Graphics Primitives"), forward and backward.
/// Shapes: positions [N, 3] in [0, 1]³ (clamped there), table [L, T, F], output [N, L F].
/// Per level l with R = resolution(l) cells per axis, the 8 vertices c + b (b ∈ {0,1}³) of the cell around x read
/// rows idx(c + b) with trilinear weights w_b (the layout and the formulas: <see cref="HashGridLevel"/>, which the
/// device twins in Ilgpu/HashGridKernels read too).
///   forward:            out[n, l F + j] = Σ_b w_b table[l, idx(c + b), j]
///   backward (table):   dtable[l, idx(c + b), j] += w_b dout[n, l F + j]
///   backward (x):       dx[n, d] = Σ_l R_l Σ_b (∂w_b/∂f_d) Σ_j table[l, idx, j] dout[n, l F + j]  (0 where x_d was clamped)
/// Forward runs over blocks of points, each block through every level while its output rows stay in cache; the table
/// gradient runs over whole levels, so two workers never add into the same row and the sums come out the same for any
/// worker count.
/// </summary>
public static class HashGridKernels
{
    private const int PointBlock = 1024;

    public static unsafe void Forward<T>(Span<T> output, ReadOnlySpan<T> positions, ReadOnlySpan<T> table, int points, HashGridGeometry grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(positions, table, points, grid);
        if (output.Length < (long)points * grid.OutputFeatures)
        {
            throw new ArgumentException($"hash grid: output holds {output.Length} values, {points} points need {(long)points * grid.OutputFeatures}");
        }

        int blocks = (points + PointBlock - 1) / PointBlock, width = grid.OutputFeatures, features = grid.Features;
        var levels = grid.LevelLayouts();
        fixed (T* po = output, px = positions, pt = table)
        {
            T* outBase = po, xBase = px, tableBase = pt;
            CpuParallel.For(blocks, 40L * PointBlock * width, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                for (long block = first; block < end; block++)
                {
                    int start = (int)block * PointBlock, stop = Math.Min(points, start + PointBlock);
                    foreach (var level in levels)
                    {
                        T* levelTable = tableBase + level.TableOffset;
                        for (int n = start; n < stop; n++)
                        {
                            Corners(level, xBase + (3L * n), rows, weights);
                            T* y = outBase + ((long)n * width) + level.OutputOffset;
                            for (int j = 0; j < features; j++)
                            {
                                T sum = T.Zero;
                                for (int b = 0; b < 8; b++)
                                {
                                    sum += weights[b] * levelTable[(rows[b] * features) + j];
                                }

                                y[j] = sum;
                            }
                        }
                    }
                }
            });
        }
    }

    /// <summary>Adds each output gradient into the table rows that produced it; <paramref name="gradTable"/> must start at zero.</summary>
    public static unsafe void BackwardTable<T>(Span<T> gradTable, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> positions, int points, HashGridGeometry grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(positions, gradTable, points, grid);
        int width = grid.OutputFeatures, features = grid.Features;
        var levels = grid.LevelLayouts();
        fixed (T* pg = gradTable, pdy = gradOutput, px = positions)
        {
            T* gradBase = pg, dyBase = pdy, xBase = px;
            CpuParallel.For(grid.Levels, 40L * points * features, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                for (long item = first; item < end; item++)
                {
                    var level = levels[BalancedLevel((int)item, grid.Levels)];
                    T* levelGrad = gradBase + level.TableOffset;
                    for (int n = 0; n < points; n++)
                    {
                        Corners(level, xBase + (3L * n), rows, weights);
                        T* dy = dyBase + ((long)n * width) + level.OutputOffset;
                        for (int j = 0; j < features; j++)
                        {
                            T g = dy[j];
                            for (int b = 0; b < 8; b++)
                            {
                                levelGrad[(rows[b] * features) + j] += weights[b] * g;
                            }
                        }
                    }
                }
            });
        }
    }

    /// <summary>The gradient with respect to the positions (overwrites <paramref name="gradPositions"/>, [N, 3]).</summary>
    public static unsafe void BackwardPositions<T>(Span<T> gradPositions, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> positions,
        ReadOnlySpan<T> table, int points, HashGridGeometry grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(positions, table, points, grid);
        int width = grid.OutputFeatures, features = grid.Features;
        var levels = grid.LevelLayouts();
        fixed (T* pdx = gradPositions, pdy = gradOutput, px = positions, pt = table)
        {
            T* dxBase = pdx, dyBase = pdy, xBase = px, tableBase = pt;
            CpuParallel.For(points, 80L * width, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                Span<T> slopes = stackalloc T[24];
                for (long n = first; n < end; n++)
                {
                    T* x = xBase + (3 * n), dx = dxBase + (3 * n);
                    dx[0] = dx[1] = dx[2] = T.Zero;
                    foreach (var level in levels)
                    {
                        Corners(level, x, rows, weights);
                        Slopes(level, x, slopes);
                        T* levelTable = tableBase + level.TableOffset, dy = dyBase + (n * width) + level.OutputOffset;
                        for (int b = 0; b < 8; b++)
                        {
                            T dot = T.Zero;
                            for (int j = 0; j < features; j++)
                            {
                                dot += levelTable[(rows[b] * features) + j] * dy[j];
                            }

                            for (int d = 0; d < 3; d++)
                            {
                                dx[d] += slopes[(3 * b) + d] * dot;
                            }
                        }
                    }
                }
            });
        }
    }

    // Levels in the order 0, L-1, 1, L-2, ...: contiguous chunks then mix cheap coarse levels (dense, in cache) with
    // costly fine ones (hashed, cache misses), so two workers get about the same work.
    private static int BalancedLevel(int item, int levels) => (item & 1) == 0 ? item / 2 : levels - 1 - (item / 2);

    private static void Check<T>(ReadOnlySpan<T> positions, ReadOnlySpan<T> table, int points, HashGridGeometry grid)
    {
        if (positions.Length < 3L * points)
        {
            throw new ArgumentException($"hash grid: positions hold {positions.Length} values, {points} points need {3L * points}");
        }

        if (table.Length != (long)grid.Levels * grid.TableSize * grid.Features)
        {
            throw new ArgumentException($"hash grid: table holds {table.Length} values, expected levels x table size x features = {grid.Levels} x {grid.TableSize} x {grid.Features}");
        }
    }

    /// <summary>Table rows and trilinear weights of the 8 vertices of the cell around x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Corners<T>(in HashGridLevel level, T* x, Span<int> rows, Span<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cell = level.Cell<T, GenericRealConversion<T>>(x[0], x[1], x[2]);
        for (int b = 0; b < 8; b++)
        {
            rows[b] = level.Row(b, cell);
            weights[b] = cell.Weight(b);
        }
    }

    /// <summary>R ∂w_b/∂x_d for the 8 corners ([b, d]); 0 on an axis where x lies outside [0, 1] (clamped there).</summary>
    private static unsafe void Slopes<T>(in HashGridLevel level, T* x, Span<T> slopes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cell = level.Cell<T, GenericRealConversion<T>>(x[0], x[1], x[2]);
        T scale = T.CreateTruncating(level.Resolution);
        for (int b = 0; b < 8; b++)
        {
            for (int d = 0; d < 3; d++)
            {
                slopes[(3 * b) + d] = HashGridLevel.Inside(x[d]) ? scale * cell.Slope(b, d) : T.Zero;
            }
        }
    }
}
