using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// NeRF's differentiable ops on the CPU backend: volume rendering and the multiresolution hash encoding, backward
/// against central finite differences in float64 and forward against references written out here.
/// </summary>
public class RenderingGradientTests
{
    // 3 levels of 2, 3 and 5 cells per axis in a 70-row table: (R+1)³ = 27 and 64 fit (dense), 216 does not (hashed).
    private static readonly HashGridGeometry SmallGrid = new(levels: 3, features: 2, tableSize: 70, baseResolution: 2, maxResolution: 5);

    [Fact]
    public void VolumeRender_ColorDepthOpacity_GradientMatchesFiniteDifferences()
    {
        const int rays = 3, samples = 5;
        var sigma = Tensor.Rand([rays, samples], -0.5, 3, DType.Float64, new Generator(21));
        sigma.RequiresGrad = true;
        var rgb = Leaf(rays, samples, 3);
        var t = Tensor.FromArray(Enumerable.Range(0, rays * samples).Select(i => 2 + 0.3 * i).ToArray(), rays, samples);
        var delta = Tensor.Rand([rays, samples], 0.05, 0.6, DType.Float64, new Generator(22));
        // colour composited on white, depth and opacity all reach the loss, so every term of the backward is exercised
        GradientsMatch(
            x =>
            {
                var r = Functional.VolumeRender(x[0], x[1], t, delta);
                return Tensor.Cat([r.Color.Add(r.Opacity.Neg().Add(1).Unsqueeze(1)), r.Depth.Unsqueeze(1), r.Opacity.Unsqueeze(1)], 1);
            },
            sigma, rgb);
    }

    [Fact]
    public void VolumeRender_Forward_MatchesTransmittanceProduct()
    {
        var sigma = Tensor.FromArray(new[] { 0.0, 2.0, -1.0, 5.0 }, 1, 4);
        var rgb = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => i / 12.0).ToArray(), 1, 4, 3);
        var t = Tensor.FromArray(new[] { 2.0, 2.5, 3.0, 3.5 }, 1, 4);
        var delta = Tensor.FromArray(new[] { 0.5, 0.5, 0.5, 1e10 }, 1, 4);
        var r = Functional.VolumeRender(sigma, rgb, t, delta);
        // by hand: alpha = (0, 1 - e^-1, 0, 1); T = (1, 1, e^-1, e^-1)
        double a1 = 1 - Math.Exp(-1), t2 = Math.Exp(-1);
        double[] w = [0, a1, 0, t2];
        Close(Tensor.FromArray(w, 1, 4), r.Weights, 1e-12, "weights");
        Close(Tensor.FromArray(new[] { a1 + t2 }, 1), r.Opacity, 1e-12, "opacity");
        Close(Tensor.FromArray(new[] { 2.5 * a1 + 3.5 * t2 }, 1), r.Depth, 1e-12, "depth");
        Close(Tensor.FromArray(new[] { a1 * 3 / 12.0 + t2 * 9 / 12.0, a1 * 4 / 12.0 + t2 * 10 / 12.0, a1 * 5 / 12.0 + t2 * 11 / 12.0 }, 1, 3), r.Color, 1e-12, "color");
    }

    [Fact]
    public void HashGridEncode_TableAndPositions_GradientMatchesFiniteDifferences()
    {
        // points away from cell faces so that ±1e-6 never crosses into another cell; one coordinate outside [0, 1]
        // is clamped and must get a zero gradient
        var values = Tensor.Rand([7, 3], 0.03, 0.97, DType.Float64, new Generator(31)).ToDoubleArray();
        values[4] = 1.3;
        var positions = Tensor.FromArray(values, 7, 3);
        positions.RequiresGrad = true;
        var table = Leaf(SmallGrid.Levels, SmallGrid.TableSize, SmallGrid.Features);
        GradientsMatch(x => Functional.HashGridEncode(x[0], x[1], SmallGrid), positions, table);
        positions.Grad = null;
        Functional.HashGridEncode(positions, table, SmallGrid).Sum().Backward();
        Assert.Equal(0.0, positions.Grad!.ToDoubleArray()[4]);
    }

    [Fact]
    public void HashGridEncode_Forward_MatchesTrilinearReferenceOnDenseAndHashedLevels()
    {
        var positions = Tensor.Rand([11, 3], 0, 1, DType.Float64, new Generator(41));
        var table = Tensor.Rand([SmallGrid.Levels, SmallGrid.TableSize, SmallGrid.Features], -1, 1, DType.Float64, new Generator(42));
        Assert.Equal([2, 3, 5], SmallGrid.Resolutions);
        Assert.True(SmallGrid.IsDense(1) && !SmallGrid.IsDense(2));
        var output = Functional.HashGridEncode(positions, table, SmallGrid).ToDoubleArray();
        var x = positions.ToDoubleArray();
        var rows = table.ToDoubleArray();
        for (int n = 0; n < 11; n++)
        {
            for (int level = 0; level < SmallGrid.Levels; level++)
            {
                for (int j = 0; j < SmallGrid.Features; j++)
                {
                    double expected = Trilinear(x.AsSpan(3 * n, 3), rows, level, j);
                    Assert.Equal(expected, output[(n * SmallGrid.Levels + level) * SmallGrid.Features + j], 12);
                }
            }
        }
    }

    [Fact]
    public void HashGridEncode_FloatMatchesDouble()
    {
        var grid = new HashGridGeometry(levels: 6, features: 2, tableSize: 1 << 10, baseResolution: 4, maxResolution: 64);
        var positions = Tensor.Rand([5000, 3], 0, 1, DType.Float64, new Generator(51));
        var table = Tensor.Rand([6, 1 << 10, 2], -1, 1, DType.Float64, new Generator(52));
        var expected = Functional.HashGridEncode(positions, table, grid);
        var actual = Functional.HashGridEncode(positions.To(DType.Float32), table.To(DType.Float32), grid);
        Close(expected, actual.To(DType.Float64), 1e-5, "float32 encoding");
    }

    // The encoding by its definition: vertex rows dense (x + (R+1)(y + (R+1) z)) or hashed with the paper's primes.
    private static double Trilinear(ReadOnlySpan<double> x, double[] table, int level, int feature)
    {
        int resolution = SmallGrid.Resolutions[level];
        long side = resolution + 1;
        double sum = 0;
        for (int b = 0; b < 8; b++)
        {
            double weight = 1;
            var vertex = new long[3];
            for (int d = 0; d < 3; d++)
            {
                double p = x[d] * resolution;
                long cell = Math.Min((long)Math.Floor(p), resolution - 1);
                double frac = p - cell;
                int bit = (b >> d) & 1;
                vertex[d] = cell + bit;
                weight *= bit == 1 ? frac : 1 - frac;
            }

            long row = side * side * side <= SmallGrid.TableSize
                ? vertex[0] + side * (vertex[1] + side * vertex[2])
                : (uint)(vertex[0] ^ (uint)(vertex[1] * 2654435761L) ^ (uint)(vertex[2] * 805459861L)) % SmallGrid.TableSize;
            sum += weight * table[(level * SmallGrid.TableSize + row) * SmallGrid.Features + feature];
        }

        return sum;
    }
}
