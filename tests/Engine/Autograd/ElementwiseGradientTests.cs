using IlgpuNet.Autograd;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Engine.TestTensors;

namespace IlgpuNet.Tests.Engine.Autograd;

/// <summary>Each elementwise op's backward against central differences, on odd shapes with broadcasting.</summary>
public class ElementwiseGradientTests
{
    private static void AssertGradients(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var result = GradCheck.Check(f, inputs);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Add_Broadcasting_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0] + x[1], Leaf(3, 1, 5), Leaf(4, 1));

    [Fact]
    public void AddScaled_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Add(x[1], -2.5), Leaf(3, 5), Leaf(5));

    [Fact]
    public void Sub_Broadcasting_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0] - x[1], Leaf(2, 3), Leaf(3));

    [Fact]
    public void Mul_NonContiguous_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0] * x[1], TransposedLeaf(3, 4), Leaf(1, 4));

    [Fact]
    public void Div_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0] / x[1], Leaf(3, 4), PositiveLeaf(0.5, 2, 4));

    [Fact]
    public void Pow_TensorExponent_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Pow(x[1]), PositiveLeaf(0.5, 2, 2, 3), Leaf(3));

    [Fact]
    public void PowScalar_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Pow(3.0), Leaf(5, 2));

    [Fact]
    public void Neg_GradientMatchesFiniteDifferences() => AssertGradients(x => -x[0], Leaf(7));

    [Fact]
    public void Exp_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Exp(), Leaf(3, 5));

    [Fact]
    public void Log_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Log(), PositiveLeaf(0.2, 3, 3, 5));

    [Fact]
    public void Sqrt_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Sqrt(), PositiveLeaf(0.2, 3, 4, 3));

    [Fact]
    public void Rsqrt_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Rsqrt(), PositiveLeaf(0.2, 3, 4, 3));

    [Fact]
    public void Abs_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Abs(), Leaf(3, 7));

    [Fact]
    public void Sin_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Sin(), Leaf(6));

    [Fact]
    public void Cos_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Cos(), TransposedLeaf(3, 5));

    [Fact]
    public void Sigmoid_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Mul(4).Sigmoid(), Leaf(3, 5));

    [Fact]
    public void Tanh_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Mul(2).Tanh(), Leaf(3, 5));

    [Fact]
    public void Relu_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Relu(), Leaf(4, 9));

    [Fact]
    public void Maximum_Broadcasting_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Maximum(x[1]), Leaf(3, 4), Leaf(4));

    [Fact]
    public void Minimum_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Minimum(x[1]), Leaf(3, 4), Leaf(3, 1));

    [Fact]
    public void Clamp_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Clamp(-0.5, 0.4), Leaf(5, 5));

    [Fact]
    public void Where_GradientMatchesFiniteDifferences()
    {
        var condition = Tensor.FromArray(new[] { true, false, true, false, false }, 5);
        AssertGradients(x => Tensor.Where(condition, x[0], x[1]), Leaf(3, 5), Leaf(5));
    }

    [Fact]
    public void MaskedFill_GradientMatchesFiniteDifferences()
    {
        var mask = Tensor.FromArray(new[] { false, true, true }, 3, 1);
        AssertGradients(x => x[0].MaskedFill(mask, 7.0), Leaf(3, 4));
    }
}
