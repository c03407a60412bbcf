using System.Numerics;
using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Multiresolution hash encoding (Müller et al. 2022), the device twins of Cpu.HashGridKernels (same names, same
/// formulas, the same <see cref="HashGridLevel"/> for the layout, so dense and hashed levels index the same rows).
/// Shapes: positions [N, 3] (clamped into [0, 1]³), table [L, T, F], resolutions [L] (cells per axis of each level,
/// HashGridGeometry.Resolutions), output [N, L F]. Per point n and level l, with the cell's 8 corners b:
///   forward:            out[n, l F + j] = Σ_b w_b table[l, row_b, j]
///   backward (table):   dtable[l, row_b, j] += w_b dout[n, l F + j]
///   backward (x):       dx[n, d] = Σ_l R_l Σ_b (∂w_b/∂f_d) Σ_j table[l, row_b, j] dout[n, l F + j]  (0 where x_d was clamped)
/// T is float (training) or double (gradient checks); <typeparamref name="TReal"/> brings its conversions and atomics.
/// </summary>
public static class HashGridKernels
{
    /// <summary>One thread per (point, level), item n L + l: the level's F outputs, each summed over b = 0..7 as on the CPU.</summary>
    public static void Forward<T, TReal>(ArrayView<T> output, ArrayView<T> positions, ArrayView<T> table, ArrayView<int> resolutions,
        int points, int tableSize, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        int levels = (int)resolutions.Length;
        long items = (long)points * levels;
        for (long item = GridStride.First, step = GridStride.Step; item < items; item += step)
        {
            var (level, cell, y) = PointAtLevel<T, TReal>(item, positions, resolutions, tableSize, features);
            for (int j = 0; j < features; j++)
            {
                T sum = T.Zero;
                for (int b = 0; b < 8; b++)
                {
                    sum += cell.Weight(b) * table[level.TableOffset + ((long)level.Row(b, cell) * features) + j];
                }

                output[y + j] = sum;
            }
        }
    }

    /// <summary>
    /// One thread per (point, level): scatters w_b dout into the 8 rows with atomic adds (<paramref name="gradTable"/>
    /// must start at zero). Points that share a row add in whatever order the device runs them, so the last bits differ
    /// from the CPU's, which sums each level's points in order on one worker (deterministic).
    /// </summary>
    public static void BackwardTable<T, TReal>(ArrayView<T> gradTable, ArrayView<T> gradOutput, ArrayView<T> positions, ArrayView<int> resolutions,
        int points, int tableSize, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        int levels = (int)resolutions.Length;
        long items = (long)points * levels;
        for (long item = GridStride.First, step = GridStride.Step; item < items; item += step)
        {
            var (level, cell, dy) = PointAtLevel<T, TReal>(item, positions, resolutions, tableSize, features);
            for (int b = 0; b < 8; b++)
            {
                T w = cell.Weight(b);
                long row = level.TableOffset + ((long)level.Row(b, cell) * features);
                for (int j = 0; j < features; j++)
                {
                    default(TReal).AtomicAdd(gradTable, row + j, w * gradOutput[dy + j]);
                }
            }
        }
    }

    /// <summary>One thread per point: its 3 gradients summed over the levels and corners in the CPU's order (no atomics).</summary>
    public static void BackwardPositions<T, TReal>(ArrayView<T> gradPositions, ArrayView<T> gradOutput, ArrayView<T> positions, ArrayView<T> table,
        ArrayView<int> resolutions, int points, int tableSize, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        int levels = (int)resolutions.Length;
        for (long n = GridStride.First, step = GridStride.Step; n < points; n += step)
        {
            T x = positions[3 * n], y = positions[(3 * n) + 1], z = positions[(3 * n) + 2];
            T dx = T.Zero, dy = T.Zero, dz = T.Zero;
            for (int l = 0; l < levels; l++)
            {
                var level = new HashGridLevel(l, resolutions[l], tableSize, features);
                var cell = level.Cell<T, TReal>(x, y, z);
                T scale = default(TReal).FromInt32(level.Resolution);
                long g = (n * levels * features) + level.OutputOffset;
                for (int b = 0; b < 8; b++)
                {
                    long row = level.TableOffset + ((long)level.Row(b, cell) * features);
                    T dot = T.Zero;
                    for (int j = 0; j < features; j++)
                    {
                        dot += table[row + j] * gradOutput[g + j];
                    }

                    dx += (HashGridLevel.Inside(x) ? scale * cell.Slope(b, 0) : T.Zero) * dot;
                    dy += (HashGridLevel.Inside(y) ? scale * cell.Slope(b, 1) : T.Zero) * dot;
                    dz += (HashGridLevel.Inside(z) ? scale * cell.Slope(b, 2) : T.Zero) * dot;
                }
            }

            gradPositions[3 * n] = dx;
            gradPositions[(3 * n) + 1] = dy;
            gradPositions[(3 * n) + 2] = dz;
        }
    }

    // Item n L + l of a (point, level) launch: level l, the cell around point n, where its features start in an output row.
    private static (HashGridLevel Level, HashGridCell<T> Cell, long Output) PointAtLevel<T, TReal>(long item, ArrayView<T> positions,
        ArrayView<int> resolutions, int tableSize, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        int levels = (int)resolutions.Length;
        long n = item / levels;
        var level = new HashGridLevel((int)(item % levels), resolutions[item % levels], tableSize, features);
        var cell = level.Cell<T, TReal>(positions[3 * n], positions[(3 * n) + 1], positions[(3 * n) + 2]);
        return (level, cell, (n * levels * features) + level.OutputOffset);
    }
}
