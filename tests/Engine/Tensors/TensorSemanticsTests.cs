using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Engine.Tensors;

/// <summary>Views, broadcasting, reductions, creation and printing behave as in PyTorch.</summary>
public class TensorSemanticsTests
{
    private static Tensor Range(params int[] shape) => Tensor.Arange(ShapeRules.Numel(shape)).Float().Reshape(shape);

    [Fact]
    public void Views_ShareStorage_OnlyContiguousCopies()
    {
        var x = Range(2, 3, 4);
        var views = new[] { x.Reshape(6, 4), x.Permute(2, 0, 1), x.Narrow(1, 1, 2), x.Transpose(0, 2), x.Unsqueeze(1), x.Select(0, 1), x[0, 0, 0] == 0 ? x.Flatten() : x };
        Assert.All(views, v => Assert.Same(x.Storage, v.Storage));
        var copy = x.Permute(2, 0, 1).Contiguous();
        Assert.NotSame(x.Storage, copy.Storage);
        Assert.True(copy.IsContiguous);
        Assert.Equal(x[1, 2, 3], copy[3, 1, 2]);
    }

    [Fact]
    public void Reshape_OfNonContiguous_CopiesInLogicalOrder()
    {
        var t = Range(2, 3).T;
        Assert.False(t.IsContiguous);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.Reshape(6).ToArray());
        Assert.Throws<InvalidOperationException>(() => t.View(6));
    }

    [Fact]
    public void Expand_UsesZeroStrides()
    {
        var x = Range(3, 1).Expand(3, 4);
        Assert.Equal(new[] { 1, 0 }, x.Strides);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, x.ToArray());
    }

    [Fact]
    public void Broadcasting_AlignsRight()
    {
        var y = Range(2, 1, 3) + Range(4, 1);
        Assert.Equal(new[] { 2, 4, 3 }, y.Shape);
        Assert.Equal(1 + 3, y[0, 3, 1], 6); // a[0, 0, 1] = 1 plus b[3, 0] = 3
    }

    [Fact]
    public void Broadcasting_IncompatibleShapes_ErrorNamesOpAndShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Range(2, 3) + Range(4));
        Assert.Contains("add", error.Message);
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4,)", error.Message);
    }

    [Fact]
    public void Matmul_ShapeMismatch_ErrorNamesShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Range(2, 3).Matmul(Range(4, 2)));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4, 2)", error.Message);
    }

    [Fact]
    public void DTypeMismatch_InMatmul_ErrorNamesDTypes()
    {
        var error = Assert.Throws<ArgumentException>(() => Range(2, 2).Matmul(Range(2, 2).Double()));
        Assert.Contains("float32", error.Message);
        Assert.Contains("float64", error.Message);
    }

    [Fact]
    public void UnknownDevice_ErrorListsChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => Device.Parse("tpu"));
        Assert.Contains("cuda", error.Message);
        Assert.Equal(Device.Cuda(1), Device.Parse("CUDA:1"));
    }

    [Fact]
    public void Reductions_MatchHandComputedValues()
    {
        var x = Range(2, 3);  // [[0,1,2],[3,4,5]]
        Assert.Equal(new float[] { 3, 5, 7 }, x.Sum(0).ToArray());
        Assert.Equal(new float[] { 1, 4 }, x.Mean(1).ToArray());
        Assert.Equal(new[] { 2, 1 }, x.Sum(1, keepDim: true).Shape);
        Assert.Equal(1.0, x.Select(0, 0).Var().Item(), 6);             // unbiased var of 0,1,2
        Assert.Equal(2.0 / 3.0, x.Select(0, 0).Var(unbiased: false).Item(), 6);
        var (values, indices) = x.Max(1);
        Assert.Equal(new float[] { 2, 5 }, values.ToArray());
        Assert.Equal(new long[] { 2, 2 }, indices.ToArray<long>());
        Assert.Equal(new long[] { 1, 1, 1 }, x.ArgMax(0).ToArray<long>());
        Assert.Equal(new float[] { 0, 1, 3, 3, 7, 12 }, x.Cumsum(1).ToArray());
        Assert.Equal(Math.Log(Math.Exp(3) + Math.Exp(4) + Math.Exp(5)), x.LogSumExp(1)[1], 5);
        var softmax = x.Softmax(1).ToArray();
        Assert.Equal(1.0, softmax[0] + softmax[1] + softmax[2], 6);
    }

    [Fact]
    public void Creation_MatchesTorch()
    {
        Assert.Equal(new long[] { 2, 4, 6 }, Tensor.Arange(2, 8, 2).ToArray<long>());
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }, Tensor.Linspace(0, 1, 5).ToArray());
        Assert.Equal(new float[] { 1, 0, 0, 1 }, Tensor.Eye(2).ToArray());
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 1 }, Tensor.FromArray(new long[] { 0, 2 }, 2).OneHot(3).ToArray<long>());
    }

    [Fact]
    public void Random_SameSeedSameNumbers_DifferentDrawsDiffer()
    {
        var a = Tensor.Randn([1000], generator: new Generator(7));
        var b = Tensor.Randn([1000], generator: new Generator(7));
        Assert.Equal(a.ToArray(), b.ToArray());
        var g = new Generator(7);
        var first = Tensor.Rand([8], generator: g).ToArray();
        var second = Tensor.Rand([8], generator: g).ToArray();
        Assert.NotEqual(first, second);
        Assert.Equal(0.0, a.Mean().Item(), 1);
        Assert.Equal(1.0, a.Std().Item(), 1);
        var perm = Tensor.Randperm(10, new Generator(3)).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), perm.Order());
        var ints = Tensor.Randint(-2, 3, [500], new Generator(5)).ToArray<long>();
        Assert.Equal(new long[] { -2, -1, 0, 1, 2 }, ints.Distinct().Order());
    }

    [Fact]
    public void ToString_ShowsValuesShapeAndDType()
    {
        var text = Range(2, 2).ToString();
        Assert.Equal("tensor([[0.0000, 1.0000],\n        [2.0000, 3.0000]], shape=(2, 2), dtype=float32)", text);
        Assert.Contains("...", Tensor.Zeros(2000).ToString());
        Assert.Contains("dtype=int64", Tensor.Arange(3).ToString());
    }

    [Fact]
    public void Item_OnManyElements_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Range(2).Item());
        Assert.Equal(3.0, Range(2, 2).Sum().Item() - 3.0);
    }

    [Fact]
    public void ChunkAndSplit_CoverTheTensor()
    {
        var x = Range(7);
        Assert.Equal(new[] { 3, 3, 1 }, x.Chunk(3).Select(c => c.Numel));
        Assert.Equal(new[] { 2, 2, 2, 1 }, x.Split(2).Select(c => c.Numel));
    }

    [Fact]
    public void Comparisons_ReturnBoolTensors()
    {
        var mask = Range(5).Gt(2);
        Assert.Equal(DType.Bool, mask.DType);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 1 }, mask.ToArray<byte>());
        Assert.Equal(2.0, mask.Sum().Item());
    }

    [Fact]
    public void InPlaceOps_WriteThroughViews()
    {
        var x = Tensor.Zeros(3, 4);
        x.Narrow(1, 1, 2).FillInPlace(5);
        x.Select(0, 2).AddInPlace(Tensor.Ones(4), alpha: 2);
        Assert.Equal(new float[] { 0, 5, 5, 0, 0, 5, 5, 0, 2, 7, 7, 2 }, x.ToArray());
    }
}
