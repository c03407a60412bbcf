using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>Shared checks: tensors equal within a tolerance, gradient checks, seeded float64 inputs.</summary>
internal static class Assertions
{
    private static readonly Generator Source = new(7);

    public static void Close(Tensor expected, Tensor? actual, double tolerance = 1e-9, string what = "")
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Shape, actual!.Shape);
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
        {
            if (Math.Abs(e[i] - a[i]) > tolerance * (1 + Math.Abs(e[i])))
            {
                Assert.Fail($"{what}: element {i} is {a[i]:G12}, expected {e[i]:G12}");
            }
        }
    }

    public static void GradientsMatch(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        var result = GradCheck.Check(function, inputs);
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>A float64 leaf with values in (-1, 1) that requires grad.</summary>
    public static Tensor Leaf(params int[] shape)
    {
        var t = Tensor.Rand(shape, -1, 1, DType.Float64, Source);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A float64 leaf with distinct, well separated values (max pooling needs no near-ties for finite differences).</summary>
    public static Tensor DistinctLeaf(params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var perm = Tensor.Randperm(n, Source).ToArray<long>();
        var t = Tensor.FromArray(perm.Select(v => v * 0.1).ToArray(), shape);
        t.RequiresGrad = true;
        return t;
    }
}
