using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Engine.Tensors;

/// <summary>
/// Tensor memory goes back to the host pool when nothing holds it any more, and never while something does: a view,
/// a graph node that saved it, a tensor nobody disposed, a tensor a hook may keep. A premature reuse shows as changed
/// values or as a read that throws, which these tests would see.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class StorageReleaseTests
{
    // 300,001 floats (1.2 MB): pooled, and a size class no other test allocates.
    private const int Pooled = 300_001;

    [Fact]
    public void Dispose_LastHolder_HandsTheArrayToTheNextTensorOfItsSizeClass()
    {
        var first = Tensor.Zeros([Pooled]);
        var array = first.Storage.Data;
        first.Dispose();

        var next = Tensor.Full([Pooled + 1000], 2.0); // same size class, another length
        Assert.Same(array, next.Storage.Data);
        Assert.Equal(Pooled + 1000, next.Storage.Length);
        Assert.Equal(Pooled + 1000, next.ToArray().Length);
        Assert.All(next.ToArray(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void Storage_OfAPooledSize_IsAtMostAQuarterLongerThanAsked()
    {
        foreach (int length in new[] { 16_384, 16_385, 20_000, 262_145, 1_000_000, 3_333_333 })
        {
            var t = Tensor.Zeros([length]);
            Assert.Equal(length, t.Storage.Length);
            Assert.InRange(t.Storage.Data.Length, length, length * 1.25);
            t.Dispose();
        }
    }

    [Fact]
    public void ReadAfterRelease_Throws()
    {
        var t = Tensor.Rand([Pooled]);
        var view = t.Reshape(-1); // a second object over the same storage, disposed too
        t.Dispose();
        view.Dispose();
        var error = Assert.Throws<InvalidOperationException>(() => view.ToArray());
        Assert.Contains("released", error.Message);
    }

    [Fact]
    public void Dispose_WhileAViewLives_KeepsTheMemory()
    {
        var x = Tensor.Rand([Pooled]);
        var expected = x.ToArray();
        var view = x.Reshape(1, Pooled);
        x.Dispose();
        x.Dispose(); // twice: still one release of its hold

        var others = Enumerable.Range(0, 4).Select(_ => Tensor.Full([Pooled], 7.0)).ToList();
        Assert.All(others, o => Assert.NotSame(view.Storage.Data, o.Storage.Data));
        Assert.Equal(expected, view.ToArray());
    }

    [Fact]
    public void TensorNeverDisposed_IsNeverReused()
    {
        var kept = Tensor.Rand([Pooled]);
        var expected = kept.ToArray();
        for (int i = 0; i < 6; i++)
        {
            using var churn = Tensor.Full([Pooled], i);
            Assert.NotSame(kept.Storage.Data, churn.Storage.Data);
        }

        Assert.Equal(expected, kept.ToArray());
    }

    [Fact]
    public void SharedTensor_DisposeLeavesItToTheCollector()
    {
        var seen = Tensor.Rand([Pooled]).MarkShared();
        var expected = seen.ToArray();
        seen.Dispose();
        using var next = Tensor.Full([Pooled], 5.0);
        Assert.NotSame(seen.Storage.Data, next.Storage.Data);
        Assert.Equal(expected, seen.ToArray());
    }

    [Fact]
    public void SavedTensor_OutlivesItsOwnersDispose_UntilBackwardHasRunItsNode()
    {
        var x = Tensor.Rand([Pooled], -1, 1);
        x.RequiresGrad = true;
        var y = x.Exp();              // exp's backward reads y
        var loss = y.Sum();
        y.Dispose();                  // what Sequential does with an output the next layer has taken
        var churn = Enumerable.Range(0, 4).Select(_ => Tensor.Full([Pooled], -3.0)).ToList();
        Assert.All(churn, c => Assert.NotSame(y.Storage.Data, c.Storage.Data));

        loss.Backward();
        var expected = x.Detach().Exp().ToArray(); // the same kernel, on memory nothing else used
        Assert.Equal(expected, x.Grad!.ToArray());

        // backward freed exp's node, the last holder: y's memory is back in the pool
        Assert.Contains("released", Assert.Throws<InvalidOperationException>(() => y.ToArray()).Message);
    }

    [Fact]
    public void RetainedGraph_KeepsSavedTensorsForTheNextBackward()
    {
        var x = Tensor.Rand([Pooled], -1, 1);
        x.RequiresGrad = true;
        var y = x.Exp();
        var loss = y.Sum();
        y.Dispose();
        loss.Backward(retainGraph: true);
        var churn = Enumerable.Range(0, 4).Select(_ => Tensor.Full([Pooled], -3.0)).ToList();
        loss.Backward();
        var expected = x.Detach().Exp().ToArray().Select(v => v + v).ToArray();
        Assert.Equal(expected, x.Grad!.ToArray());
        GC.KeepAlive(churn);
    }

    [Fact]
    public void SpentGradient_GoesBackToThePool_ButAnAdoptedOneStaysAsGrad()
    {
        var x = Tensor.Rand([Pooled], -1, 1);
        x.RequiresGrad = true;
        var loss = x.Mul(3.0).Relu().Sum();
        loss.Backward();
        var grad = x.Grad!.ToArray();
        for (int i = 0; i < 4; i++)
        {
            using var churn = Tensor.Full([Pooled], 9.0);
            Assert.NotSame(x.Grad.Storage.Data, churn.Storage.Data);
        }

        Assert.Equal(grad, x.Grad.ToArray());
        Assert.All(grad.Zip(x.ToArray()), p => Assert.Equal(p.Second > 0 ? 3f : 0f, p.First));
    }

    [Fact]
    public void Backward_RecyclesASpentGradient_ForTheNextAllocationOfItsSize()
    {
        // 12,345 float64 (96 KB): big enough for the host pool
        var x = TestTensors.Leaf(12_345);
        Tensor? produced = null;
        Array? producedArray = null;
        var doubled = Graph.Record("Double", x.Detach() * 2, [x * 1], g =>
        {
            produced = g * 2;
            producedArray = produced.Storage.Data;
            return [produced];
        });
        doubled.Sum().Backward();
        Assert.Equal(Enumerable.Repeat(2.0, 12_345), x.Grad!.ToDoubleArray());

        // x * 1's node consumed the gradient Double produced, so its memory went back to the pool
        var error = Assert.Throws<InvalidOperationException>(() => produced!.ToArray<double>());
        Assert.Contains("released", error.Message);
        Assert.Same(producedArray, Tensor.Zeros([12_345], DType.Float64).Storage.Data);
    }

    [Fact]
    public void Matmul_OperandDisposedAfterBackward_GoesBackToThePool()
    {
        // a 2-D product runs over views of its operands; they must not keep the operand's memory once it is disposed
        var x = Tensor.Rand([Pooled / 7, 7]);
        x.RequiresGrad = true;
        var operand = x.Mul(2.0);
        var array = operand.Storage.Data;
        var weight = Tensor.Rand([7, 3]);
        weight.RequiresGrad = true;
        using (var product = operand.Matmul(weight))
        using (var loss = product.Sum())
        {
            loss.Backward();
        }

        operand.Dispose();
        Assert.Same(array, Tensor.Zeros([Pooled]).Storage.Data);
    }
}
