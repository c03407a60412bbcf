using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Multiresolution hash encoding (Müller et al. 2022, "Instant Neural Graphics Primitives"), forward and backward.
/// Shapes: positions [N, 3] in [0, 1]³ (clamped there), table [L, T, F], output [N, L F].
/// Per level l with R = resolution(l) cells per axis: p = x R, c = min(floor(p), R - 1), f = p - c; the 8 vertices
/// v = c + b (b ∈ {0,1}³) read rows idx(v) = v.x + (R+1)(v.y + (R+1) v.z) of a dense level, else
/// (v.x · 1 ⊕ v.y · 2654435761 ⊕ v.z · 805459861) mod T; w_b = ∏_d (b_d ? f_d : 1 - f_d) (trilinear). The device
/// kernels (Ilgpu/HashGridKernels) read the same layout through <see cref="HashGridLevel"/>; here it is unrolled.
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
        var levels = LevelLayout.Of(grid);
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
                            level.Corners(xBase + (3L * n), rows, weights);
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
        var levels = LevelLayout.Of(grid);
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
                        level.Corners(xBase + (3L * n), rows, weights);
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
        var levels = LevelLayout.Of(grid);
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
                        level.Corners(x, rows, weights);
                        level.Slopes(x, slopes);
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
                                dx[d] += level.Scale<T>() * slopes[(3 * b) + d] * dot;
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

    /// <summary>One level's constants: resolution, dense or hashed indexing, where its table rows and output features start.</summary>
    private readonly struct LevelLayout
    {
        private readonly int resolution;
        private readonly uint side;
        private readonly uint mask;
        private readonly uint tableSize;
        private readonly bool dense;
        private readonly bool powerOfTwo;

        private LevelLayout(HashGridGeometry grid, int level)
        {
            resolution = grid.Resolutions[level];
            side = (uint)resolution + 1;
            tableSize = (uint)grid.TableSize;
            powerOfTwo = BitOperations.IsPow2(tableSize);
            mask = tableSize - 1;
            dense = grid.IsDense(level);
            TableOffset = (long)level * grid.TableSize * grid.Features;
            OutputOffset = level * grid.Features;
        }

        public long TableOffset { get; }

        public int OutputOffset { get; }

        public static LevelLayout[] Of(HashGridGeometry grid) => Enumerable.Range(0, grid.Levels).Select(l => new LevelLayout(grid, l)).ToArray();

        public T Scale<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => T.CreateTruncating(resolution);

        /// <summary>Table rows and trilinear weights of the 8 vertices of the cell around x (corner b: bit d set = upper side on axis d).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Corners<T>(T* x, Span<int> rows, Span<T> weights)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Locate(x[0], out uint cx, out T fx);
            Locate(x[1], out uint cy, out T fy);
            Locate(x[2], out uint cz, out T fz);
            T gx = T.One - fx, gy = T.One - fy, gz = T.One - fz;
            if (dense)
            {
                uint r = cx + (side * (cy + (side * cz)));
                rows[0] = (int)r;
                rows[1] = (int)(r + 1);
                rows[2] = (int)(r + side);
                rows[3] = (int)(r + side + 1);
                uint up = side * side;
                rows[4] = (int)(r + up);
                rows[5] = (int)(r + up + 1);
                rows[6] = (int)(r + up + side);
                rows[7] = (int)(r + up + side + 1);
            }
            else
            {
                uint y0 = cy * PrimeY, y1 = (cy + 1) * PrimeY, z0 = cz * PrimeZ, z1 = (cz + 1) * PrimeZ;
                rows[0] = Row(cx ^ y0 ^ z0);
                rows[1] = Row((cx + 1) ^ y0 ^ z0);
                rows[2] = Row(cx ^ y1 ^ z0);
                rows[3] = Row((cx + 1) ^ y1 ^ z0);
                rows[4] = Row(cx ^ y0 ^ z1);
                rows[5] = Row((cx + 1) ^ y0 ^ z1);
                rows[6] = Row(cx ^ y1 ^ z1);
                rows[7] = Row((cx + 1) ^ y1 ^ z1);
            }

            T w00 = gy * gz, w10 = fy * gz, w01 = gy * fz, w11 = fy * fz;
            weights[0] = gx * w00;
            weights[1] = fx * w00;
            weights[2] = gx * w10;
            weights[3] = fx * w10;
            weights[4] = gx * w01;
            weights[5] = fx * w01;
            weights[6] = gx * w11;
            weights[7] = fx * w11;
        }

        /// <summary>∂w_b/∂f_d for the 8 corners ([b, d]); 0 on an axis where x lies outside [0, 1] (clamped there).</summary>
        public unsafe void Slopes<T>(T* x, Span<T> slopes)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> frac = stackalloc T[3];
            Span<bool> inside = stackalloc bool[3];
            for (int d = 0; d < 3; d++)
            {
                Locate(x[d], out _, out frac[d]);
                inside[d] = x[d] >= T.Zero && x[d] <= T.One;
            }

            for (int b = 0; b < 8; b++)
            {
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

                    slopes[(3 * b) + d] = inside[d] ? slope : T.Zero;
                }
            }
        }

        // p = clamp(x, 0, 1) R; cell = min(floor(p), R - 1); frac = p - cell.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Locate<T>(T x, out uint cell, out T frac)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T p = T.Clamp(x, T.Zero, T.One) * T.CreateTruncating(resolution);
            int c = Math.Min(int.CreateTruncating(p), resolution - 1);
            cell = (uint)c;
            frac = p - T.CreateTruncating(c);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Row(uint hash) => (int)(powerOfTwo ? hash & mask : hash % tableSize);
    }
}
