using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Multiresolution hash encoding (Müller et al. 2022, "Instant Neural Graphics Primitives"), forward and backward.
/// Shapes: positions [N, 3] in [0, 1]³ (clamped there), table [L, T, F], output [N, L F].
/// Per level l with R = resolution(l) cells per axis: p = x R, c = min(floor(p), R - 1), f = p - c; the 8 vertices
/// v = c + b (b ∈ {0,1}³) read rows idx(v) = v.x + (R+1)(v.y + (R+1) v.z) of a dense level, else
/// (v.x · 1 ⊕ v.y · 2654435761 ⊕ v.z · 805459861) mod T; w_b = ∏_d (b_d ? f_d : 1 - f_d) (trilinear).
///   forward:            out[n, l F + j] = Σ_b w_b table[l, idx(c + b), j]
///   backward (table):   dtable[l, idx(c + b), j] += w_b dout[n, l F + j]
///   backward (x):       dx[n, d] = Σ_l R_l Σ_b (∂w_b/∂f_d) Σ_j table[l, idx, j] dout[n, l F + j]  (0 where x_d was clamped)
/// Forward runs over (level, block of points); the table gradient over whole levels, so two workers never add into the
/// same row and the sums come out the same for any worker count.
/// </summary>
public static class HashGridKernels
{
    private const int PointBlock = 4096;
    private const uint PrimeY = 2654435761u;
    private const uint PrimeZ = 805459861u;

    public static unsafe void Forward<T>(Span<T> output, ReadOnlySpan<T> positions, ReadOnlySpan<T> table, int points, HashGridGeometry grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(positions, table, points, grid);
        if (output.Length < (long)points * grid.OutputFeatures)
        {
            throw new ArgumentException($"hash grid: output holds {output.Length} values, {points} points need {(long)points * grid.OutputFeatures}");
        }

        int blocks = (points + PointBlock - 1) / PointBlock, width = grid.OutputFeatures, features = grid.Features;
        fixed (T* po = output, px = positions, pt = table)
        {
            var (outBuf, xBuf, tableBuf) = (new RawBuffer<T>(po, output.Length), new RawBuffer<T>(px, positions.Length), new RawBuffer<T>(pt, table.Length));
            CpuParallel.For((long)grid.Levels * blocks, 40L * PointBlock * features, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                for (long item = first; item < end; item++)
                {
                    int level = (int)(item / blocks), start = (int)(item % blocks) * PointBlock, stop = Math.Min(points, start + PointBlock);
                    var levelTable = tableBuf.Slice((long)level * grid.TableSize * features, grid.TableSize * features);
                    for (int n = start; n < stop; n++)
                    {
                        Corners(xBuf.Slice(3L * n, 3), grid, level, rows, weights, default);
                        var y = outBuf.Slice((long)n * width + level * features, features);
                        y.Clear();
                        for (int b = 0; b < 8; b++)
                        {
                            var row = levelTable.Slice(rows[b] * features, features);
                            for (int j = 0; j < features; j++)
                            {
                                y[j] += weights[b] * row[j];
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
        fixed (T* pg = gradTable, pdy = gradOutput, px = positions)
        {
            var (gradBuf, dyBuf, xBuf) = (new RawBuffer<T>(pg, gradTable.Length), new RawBuffer<T>(pdy, gradOutput.Length), new RawBuffer<T>(px, positions.Length));
            CpuParallel.For(grid.Levels, 40L * points * features, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                for (long item = first; item < end; item++)
                {
                    int level = BalancedLevel((int)item, grid.Levels);
                    var levelGrad = gradBuf.Slice((long)level * grid.TableSize * features, grid.TableSize * features);
                    for (int n = 0; n < points; n++)
                    {
                        Corners(xBuf.Slice(3L * n, 3), grid, level, rows, weights, default);
                        var dy = dyBuf.Slice((long)n * width + level * features, features);
                        for (int b = 0; b < 8; b++)
                        {
                            var row = levelGrad.Slice(rows[b] * features, features);
                            for (int j = 0; j < features; j++)
                            {
                                row[j] += weights[b] * dy[j];
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
        fixed (T* pdx = gradPositions, pdy = gradOutput, px = positions, pt = table)
        {
            var (dxBuf, dyBuf, xBuf, tableBuf) = (new RawBuffer<T>(pdx, gradPositions.Length), new RawBuffer<T>(pdy, gradOutput.Length),
                new RawBuffer<T>(px, positions.Length), new RawBuffer<T>(pt, table.Length));
            CpuParallel.For(points, 80L * width, (first, end) =>
            {
                Span<int> rows = stackalloc int[8];
                Span<T> weights = stackalloc T[8];
                Span<T> slopes = stackalloc T[24];
                for (long n = first; n < end; n++)
                {
                    var dx = dxBuf.Slice(3 * n, 3);
                    dx.Clear();
                    var x = xBuf.Slice(3 * n, 3);
                    for (int level = 0; level < grid.Levels; level++)
                    {
                        Corners(x, grid, level, rows, weights, slopes);
                        var levelTable = tableBuf.Slice((long)level * grid.TableSize * features, grid.TableSize * features);
                        var dy = dyBuf.Slice(n * width + level * features, features);
                        T scale = T.CreateTruncating(grid.Resolutions[level]);
                        for (int b = 0; b < 8; b++)
                        {
                            var row = levelTable.Slice(rows[b] * features, features);
                            T dot = T.Zero;
                            for (int j = 0; j < features; j++)
                            {
                                dot += row[j] * dy[j];
                            }

                            for (int d = 0; d < 3; d++)
                            {
                                dx[d] += scale * slopes[3 * b + d] * dot;
                            }
                        }
                    }
                }
            });
        }
    }

    /// <summary>
    /// Table rows and trilinear weights of the 8 cell vertices around <paramref name="x"/> at one level; when
    /// <paramref name="slopes"/> is given, also ∂w_b/∂f_d (0 along an axis where x was clamped into [0, 1]).
    /// </summary>
    private static void Corners<T>(Span<T> x, HashGridGeometry grid, int level, Span<int> rows, Span<T> weights, Span<T> slopes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int resolution = grid.Resolutions[level];
        T scale = T.CreateTruncating(resolution);
        Span<int> cell = stackalloc int[3];
        Span<T> frac = stackalloc T[3];
        Span<bool> inside = stackalloc bool[3];
        for (int d = 0; d < 3; d++)
        {
            T clamped = T.Clamp(x[d], T.Zero, T.One);
            inside[d] = clamped == x[d];
            T p = clamped * scale;
            int c = Math.Min(int.CreateTruncating(T.Floor(p)), resolution - 1);
            cell[d] = c;
            frac[d] = p - T.CreateTruncating(c);
        }

        bool dense = grid.IsDense(level);
        uint side = (uint)resolution + 1, tableSize = (uint)grid.TableSize;
        for (int b = 0; b < 8; b++)
        {
            uint vx = (uint)(cell[0] + (b & 1)), vy = (uint)(cell[1] + ((b >> 1) & 1)), vz = (uint)(cell[2] + ((b >> 2) & 1));
            rows[b] = (int)(dense ? vx + side * (vy + side * vz) : (vx ^ (vy * PrimeY) ^ (vz * PrimeZ)) % tableSize);
            T w = T.One;
            for (int d = 0; d < 3; d++)
            {
                w *= ((b >> d) & 1) == 1 ? frac[d] : T.One - frac[d];
            }

            weights[b] = w;
            if (slopes.IsEmpty)
            {
                continue;
            }

            for (int d = 0; d < 3; d++)
            {
                T slope = ((b >> d) & 1) == 1 ? T.One : -T.One;
                for (int e = 0; e < 3; e++)
                {
                    if (e != d)
                    {
                        slope *= ((b >> e) & 1) == 1 ? frac[e] : T.One - frac[e];
                    }
                }

                slopes[3 * b + d] = inside[d] ? slope : T.Zero;
            }
        }
    }

    // Levels in the order 0, L-1, 1, L-2, ...: contiguous chunks then mix cheap coarse levels (dense, in cache) with
    // costly fine ones (hashed, cache misses), so two workers get about the same work.
    private static int BalancedLevel(int item, int levels) => (item & 1) == 0 ? item / 2 : levels - 1 - item / 2;

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
}
