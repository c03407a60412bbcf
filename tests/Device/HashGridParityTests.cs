using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using CpuHashGrid = IlgpuNet.Kernels.Cpu.HashGridKernels;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    // 3 levels of 2, 3 and 5 cells per axis in a 70-row table: (R+1)³ = 27 and 64 fit (dense), 216 does not (hashed,
    // modulo a table size that is not a power of two).
    private static readonly HashGridGeometry DenseAndHashed = new(levels: 3, features: 2, tableSize: 70, baseResolution: 2, maxResolution: 5);

    // 4 levels of 3 to 17 cells, 3 features, a 256-row table: one dense level, three hashed ones (masked: power of two).
    private static readonly HashGridGeometry MostlyHashed = new(levels: 4, features: 3, tableSize: 256, baseResolution: 3, maxResolution: 17);

    public static TheoryData<string> HashGrids() => new(nameof(DenseAndHashed), nameof(MostlyHashed));

    // Against the CPU kernels in float32 on the same inputs: forward and dpositions sum in the CPU's order (1e-6 abs +
    // 1e-5 rel: fused multiply-adds on a GPU); dtable adds with atomics in the device's order (1e-5 abs + 1e-4 rel).
    [BackendTheory]
    [MemberData(nameof(HashGrids))]
    public void HashGrid_ForwardAndBackward_MatchCpuKernels(string gridName)
    {
        var grid = gridName == nameof(DenseAndHashed) ? DenseAndHashed : MostlyHashed;
        var positions = BorderAndClampedPoints(grid, 40, 130);
        int points = positions.Length / 3;
        var table = Random(grid.Levels * grid.TableSize * grid.Features, 131);
        var gradOutput = Random(points * grid.OutputFeatures, 132);

        var expected = new float[points * grid.OutputFeatures];
        CpuHashGrid.Forward<float>(expected, positions, table, points, grid);
        var expectedTable = new float[table.Length];
        CpuHashGrid.BackwardTable<float>(expectedTable, gradOutput, positions, points, grid);
        var expectedPositions = new float[positions.Length];
        CpuHashGrid.BackwardPositions<float>(expectedPositions, gradOutput, positions, table, points, grid);

        using var x = Upload(positions);
        using var t = Upload(table);
        using var dy = Upload(gradOutput);
        using var output = Poisoned(expected.Length);
        using var dTable = Poisoned(table.Length);
        using var dx = Poisoned(positions.Length);
        K.HashGridForward(output, x, t, points, grid);
        K.HashGridBackwardTable(dTable, dy, x, points, grid);
        K.HashGridBackwardPositions(dx, dy, x, t, points, grid);
        AssertClose(expected, output.ToArray<float>(), 1e-6, 1e-5, $"{gridName} forward");
        AssertClose(expectedTable, dTable.ToArray<float>(), 1e-5, 1e-4, $"{gridName} dtable");
        AssertClose(expectedPositions, dx.ToArray<float>(), 1e-6, 1e-5, $"{gridName} dpositions");
        Assert.Contains(expectedPositions, v => v == 0f);  // the clamped coordinates
        Assert.Contains(expectedTable, v => v != 0f);
    }

    // The float64 kernels' gradients against central differences of the float64 forward, all on the device: the table
    // entry by entry (the encoding is linear in it: h = 1e-3, 1e-9), the positions with h = 1e-6 (1e-6 abs + 1e-6 rel)
    // at points whose ±h stays inside one cell; a coordinate outside [0, 1] is clamped and gets exactly 0.
    [BackendFact]
    public void HashGrid_Float64_GradientsMatchFiniteDifferences()
    {
        var grid = DenseAndHashed;
        const int points = 7;
        var random = new Random(140);
        var positions = Enumerable.Range(0, 3 * points).Select(_ => 0.03 + 0.94 * random.NextDouble()).ToArray();
        positions[4] = 1.3;
        positions[9] = -0.2;
        var table = Enumerable.Range(0, grid.Levels * grid.TableSize * grid.Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var gradOutput = Enumerable.Range(0, points * grid.OutputFeatures).Select(_ => random.NextDouble() * 2 - 1).ToArray();

        double Loss(double[] x, double[] t)
        {
            using var dx = UploadDouble(x);
            using var dt = UploadDouble(t);
            using var output = UploadDouble(new double[points * grid.OutputFeatures]);
            K.HashGridForward(output, dx, dt, points, grid);
            return output.ToArray<double>().Zip(gradOutput, (y, g) => y * g).Sum();
        }

        using var x = UploadDouble(positions);
        using var t = UploadDouble(table);
        using var dy = UploadDouble(gradOutput);
        using var dTable = UploadDouble(Enumerable.Repeat(double.NaN, table.Length).ToArray());
        using var dPositions = UploadDouble(Enumerable.Repeat(double.NaN, positions.Length).ToArray());
        K.HashGridBackwardTable(dTable, dy, x, points, grid);
        K.HashGridBackwardPositions(dPositions, dy, x, t, points, grid);
        var analyticTable = dTable.ToArray<double>();
        var analyticPositions = dPositions.ToArray<double>();

        double Central(double[] values, int i, double h, Func<double[], double> loss)
        {
            var plus = (double[])values.Clone();
            var minus = (double[])values.Clone();
            plus[i] += h;
            minus[i] -= h;
            return (loss(plus) - loss(minus)) / (2 * h);
        }

        for (int i = 0; i < table.Length; i++)
        {
            double numeric = Central(table, i, 1e-3, v => Loss(positions, v));
            Assert.True(Math.Abs(numeric - analyticTable[i]) <= 1e-9, $"dtable[{i}]: {analyticTable[i]:R} against {numeric:R}");
        }

        for (int i = 0; i < positions.Length; i++)
        {
            double numeric = Central(positions, i, 1e-6, v => Loss(v, table));
            Assert.True(Math.Abs(numeric - analyticPositions[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"dpositions[{i}]: {analyticPositions[i]:R} against {numeric:R}");
        }

        Assert.Equal(0.0, analyticPositions[4]);
        Assert.Equal(0.0, analyticPositions[9]);
        Assert.Contains(analyticPositions, v => Math.Abs(v) > 1e-3);
    }

    /// <summary>
    /// Random points in [-0.25, 1.25]³ (about a third of the coordinates clamped), then points exactly on the cell
    /// faces of every level (k / R), on the cube's corners and on its faces.
    /// </summary>
    private static float[] BorderAndClampedPoints(HashGridGeometry grid, int randomPoints, int seed)
    {
        var values = Random(3 * randomPoints, seed, -0.25f, 1.25f).ToList();
        foreach (int r in grid.Resolutions)
        {
            for (int k = 0; k <= r; k++)
            {
                values.AddRange([(float)k / r, (float)(r - k) / r, 0.5f]);
            }
        }

        values.AddRange([0f, 0f, 0f, 1f, 1f, 1f, 0f, 1f, 0.37f]);
        return [.. values];
    }

    private DeviceBuffer UploadDouble(double[] data)
    {
        var buffer = K.Backend.Allocate(DType.Float64, data.Length);
        buffer.Upload<double>(data);
        return buffer;
    }
}
