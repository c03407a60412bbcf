using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>
/// One op (or small composition) run on a device and on the CPU from the same seeded inputs: <see cref="Run"/> builds
/// the inputs on the device it is given, computes, backpropagates a seeded upstream gradient and returns every
/// output and input gradient by name. The two runs must agree within <see cref="Tolerance"/> (integer outputs exactly).
/// </summary>
public sealed record ParityCase(string Name, Tolerance Tolerance, Func<ParityInputs, IReadOnlyDictionary<string, Tensor>> Run)
{
    public override string ToString() => Name;
}

/// <summary>|device - cpu| &lt;= Absolute + Relative * |cpu| per element.</summary>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>Pointwise float32 math: a few ulp apart (different libm, fused multiply-adds).</summary>
    public static Tolerance Pointwise => new(1e-5, 1e-5);

    /// <summary>Sums over up to a few thousand terms in another order (reductions, GEMM, convolutions, their gradients).</summary>
    public static Tolerance Accumulated => new(1e-4, 1e-3);

    /// <summary>Copies, comparisons, selections: bit for bit.</summary>
    public static Tolerance Exact => new(0, 0);

    public override string ToString() => $"atol {Absolute:G2}, rtol {Relative:G2}";
}

/// <summary>
/// Seeded inputs for one run of a case on one device: the n-th input drawn is the same on every device (drawn on the
/// CPU from seed n, then moved), so the CPU and device runs start from identical values.
/// </summary>
public sealed class ParityInputs(Device device)
{
    private ulong nextSeed = 1;

    public Device Device { get; } = device;

    /// <summary>A float32 leaf that requires grad, uniform in [low, high).</summary>
    public Tensor Leaf(int[] shape, double low = -1, double high = 1)
    {
        var t = Constant(shape, low, high);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A float32 tensor without grad, uniform in [low, high).</summary>
    public Tensor Constant(int[] shape, double low = -1, double high = 1)
        => Tensor.Rand(shape, low, high, DType.Float32, new Generator(nextSeed++)).Reshape(shape).To(Device);

    /// <summary>int64 class indices in [0, classes).</summary>
    public Tensor Labels(int[] shape, long classes) => Tensor.Randint(0, classes, shape, new Generator(nextSeed++)).Reshape(shape).To(Device);

    /// <summary>
    /// Backpropagates a seeded upstream gradient of y's shape and returns y and the leaves' gradients by name
    /// ("y", "d" + name). A leaf the output does not reach gives no entry.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Backward(Tensor y, params (string Name, Tensor Leaf)[] leaves)
    {
        var results = new Dictionary<string, Tensor> { ["y"] = y.Detach() };
        if (!y.RequiresGrad)
        {
            return results;  // a piecewise-constant op (sign, floor): no gradient to compare
        }

        y.Backward(Constant(y.Shape));
        foreach (var (name, leaf) in leaves)
        {
            if (leaf.Grad is { } grad)
            {
                results["d" + name] = grad;
            }
        }

        return results;
    }
}
