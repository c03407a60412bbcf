using IlgpuNet.Kernels;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Engine.Tensors;

namespace IlgpuNet.Tests.Engine.Autograd;

/// <summary>
/// Gradients of a tensor that feeds several ops are summed, into the first one in place when the pass alone holds it.
/// The sums must be right in every order the nodes can run in, and a gradient that is not the pass's alone to write
/// (an expanded one, a retained one) must never be the one written into.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class GradientSumTests
{
    [Fact]
    public void ATensorFeedingThreeOps_GetsTheSumOfTheirGradients()
    {
        var x = Tensor.FromArray(Values(), [64, 256]).To(DType.Float64);
        x.RequiresGrad = true;
        x.Mul(2).Add(x.Exp()).Add(x.Sin()).Sum().Backward();
        AssertClose(x.Detach().Exp().Add(x.Detach().Cos()).Add(2), x.Grad!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ATensorAnAddAndAProductShare_GetsItsGradientInEitherOrder(bool addFirst)
    {
        // a = 3x, b = 2a, u = 2 (a + b) (the add's node gives one tensor to a and to b), t = a·a;
        // loss = sum(u + t) or sum(t + u): the two orders run the add's and the product's nodes the other way round.
        // dL/da = 2 + 2·2 + 2a, so dx = 3 (6 + 2a) = 18 + 18x
        var x = Tensor.FromArray(Values(), [64, 256]).To(DType.Float64);
        x.RequiresGrad = true;
        var a = x.Mul(3);
        var b = a.Mul(2);
        var u = a.Add(b).Mul(2);
        var t = a.Mul(a);
        (addFirst ? u.Add(t) : t.Add(u)).Sum().Backward();
        AssertClose(x.Detach().Mul(18).Add(18), x.Grad!);
    }

    [Fact]
    public void SumsWithExpandedGradients_AreRight()
    {
        // a sum's and a mean's gradients are one element expanded over x's shape; this order gives one to x first
        var x = Tensor.FromArray(Values(), [64, 256]).To(DType.Float64);
        x.RequiresGrad = true;
        x.Mul(2).Sum().Add(x.Sum()).Add(x.Mul(4).Mean().Mul(64 * 256)).Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.Equal(7, v));
    }

    [Fact]
    public void ARetainedGradient_IsNotWrittenByALaterSum()
    {
        // h feeds two ops; its gradient is retained, and the leaf's own gradient sums on top of a copy
        var x = Tensor.FromArray(Values(), [64, 256]).To(DType.Float64);
        x.RequiresGrad = true;
        var h = x.Mul(2);
        h.RetainGrad();
        h.Mul(3).Add(h.Mul(4)).Add(x).Sum().Backward();
        Assert.All(h.Grad!.ToDoubleArray(), v => Assert.Equal(7, v));
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.Equal(15, v));
    }

    // the same sums in another order: equal to rounding
    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], a[i], 1e-12 * Math.Max(1, Math.Abs(e[i])));
        }
    }

    private static float[] Values()
    {
        var random = new Random(5);
        return Enumerable.Range(0, 64 * 256).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
