using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Engine;

/// <summary>Seeded random inputs for the engine tests.</summary>
internal static class TestTensors
{
    private static readonly Generator Source = new(42);

    /// <summary>float64 leaf in (-1, 1) that requires grad.</summary>
    public static Tensor Leaf(params int[] shape)
    {
        var t = Tensor.Rand(shape, -1, 1, DType.Float64, Source);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>float64 leaf in (low, high) — for ops defined on part of the line (log, sqrt).</summary>
    public static Tensor PositiveLeaf(double low, double high, params int[] shape)
    {
        var t = Tensor.Rand(shape, low, high, DType.Float64, Source);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A non-contiguous float64 leaf of the given shape: the transpose of a contiguous tensor.</summary>
    public static Tensor TransposedLeaf(int rows, int cols)
    {
        var t = Tensor.Rand([cols, rows], -1, 1, DType.Float64, Source).Transpose(0, 1);
        t.RequiresGrad = true;
        return t;
    }
}
