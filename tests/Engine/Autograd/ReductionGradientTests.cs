using IlgpuNet.Autograd;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Engine.TestTensors;

namespace IlgpuNet.Tests.Engine.Autograd;

/// <summary>Reductions, softmax, cumsum, matmul and movement ops: backward against central differences.</summary>
public class ReductionGradientTests
{
    private static void AssertGradients(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var result = GradCheck.Check(f, inputs);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Sum_AllElements_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Sum(), Leaf(3, 4));

    [Fact]
    public void Sum_TwoDimsKeepDim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Sum([0, 2], keepDim: true), Leaf(3, 4, 5));

    [Fact]
    public void Sum_NonContiguous_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Sum(1), TransposedLeaf(5, 3));

    [Fact]
    public void Mean_Dim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Mean(-1), Leaf(3, 7));

    [Fact]
    public void Var_Unbiased_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Var([1]), Leaf(3, 6));

    [Fact]
    public void Std_Biased_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Std([0, 1], unbiased: false), Leaf(4, 5));

    [Fact]
    public void MaxAlongDim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Max(1).Values, Leaf(4, 7));

    [Fact]
    public void MinAlongDim_KeepDim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Min(0, keepDim: true).Values, Leaf(5, 3));

    [Fact]
    public void MaxAll_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Max(), Leaf(3, 5));

    [Fact]
    public void LogSumExp_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Mul(3).LogSumExp(1), Leaf(3, 6));

    [Fact]
    public void Softmax_MiddleDim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Softmax(1), Leaf(2, 5, 3));

    [Fact]
    public void LogSoftmax_LastDim_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].LogSoftmax(-1), Leaf(4, 7));

    [Fact]
    public void Cumsum_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Cumsum(1), Leaf(3, 6, 2));

    // a contiguous view that starts inside its storage: the kernels read from the view's offset, not from element 0
    [Fact]
    public void SoftmaxLogSoftmaxCumsum_OfAViewWithAnOffset_GradientMatchesFiniteDifferences()
        => AssertGradients(x => x[0].Narrow(0, 1, 2).Softmax(1).Add(x[0].Narrow(0, 2, 2).LogSoftmax(-1))
            .Add(x[0].Narrow(0, 1, 2).Cumsum(1)), Leaf(4, 5, 3));

    [Fact]
    public void Matmul_Matrices_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Matmul(x[1]), Leaf(3, 5), Leaf(5, 4));

    [Fact]
    public void Matmul_TransposedOperands_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Matmul(x[1]), TransposedLeaf(3, 5), TransposedLeaf(5, 2));

    [Fact]
    public void Matmul_BroadcastBatch_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Matmul(x[1]), Leaf(2, 1, 3, 4), Leaf(3, 4, 2));

    [Fact]
    public void Matmul_VectorOperands_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Matmul(x[1]), Leaf(4), Leaf(2, 4, 3));

    [Fact]
    public void Matmul_BatchTimesMatrix_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Matmul(x[1]), Leaf(2, 3, 4), Leaf(4, 5));

    [Fact]
    public void Reshape_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Reshape(6, -1).Mul(x[0].Reshape(6, -1)), Leaf(3, 2, 2));

    [Fact]
    public void Permute_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Permute(2, 0, 1).Mul(Tensor.Arange(3).Double()), Leaf(2, 3, 3));

    [Fact]
    public void Slice_WithStep_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Slice(1, 1, 7, 2), Leaf(3, 7));

    [Fact]
    public void Select_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Select(0, -1), Leaf(3, 4));

    [Fact]
    public void Expand_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Expand(4, 3, 5), Leaf(3, 1));

    [Fact]
    public void Contiguous_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Contiguous(), TransposedLeaf(3, 4));

    [Fact]
    public void Cat_GradientMatchesFiniteDifferences() => AssertGradients(x => Tensor.Cat([x[0], x[1]], 1), Leaf(2, 3), Leaf(2, 4));

    [Fact]
    public void Stack_GradientMatchesFiniteDifferences() => AssertGradients(x => Tensor.Stack([x[0], x[1]], -1), Leaf(2, 3), Leaf(2, 3));

    [Fact]
    public void Gather_GradientMatchesFiniteDifferences()
    {
        var index = Tensor.FromArray(new long[] { 0, 2, 2, 1, 0, 0 }, 3, 2);
        AssertGradients(x => x[0].Gather(1, index), Leaf(3, 4));
    }

    [Fact]
    public void ScatterAdd_GradientMatchesFiniteDifferences()
    {
        var index = Tensor.FromArray(new long[] { 0, 2, 2, 1, 0, 0 }, 3, 2);
        AssertGradients(x => x[0].ScatterAdd(1, index, x[1]), Leaf(3, 4), Leaf(3, 2));
    }

    [Fact]
    public void IndexSelect_RepeatedIndices_GradientMatchesFiniteDifferences()
    {
        var index = Tensor.FromArray(new long[] { 2, 0, 2 }, 3);
        AssertGradients(x => x[0].IndexSelect(1, index), Leaf(2, 4, 2));
    }

    [Fact]
    public void Split_GradientMatchesFiniteDifferences() => AssertGradients(x => x[0].Split(2, 1)[1] * 3, Leaf(2, 5));
}
