using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Engine.TestTensors;

namespace IlgpuNet.Tests.Engine.Autograd;

/// <summary>PyTorch's autograd behaviour: accumulation, no_grad, detach, retain_grad, hooks, freed graphs.</summary>
public class AutogradSemanticsTests
{
    [Fact]
    public void GradCheck_WrongBackward_IsReported()
    {
        // y = x², but the recorded backward claims dy/dx = x: gradcheck must catch it
        var x = Leaf(4);
        var result = GradCheck.Check(
            t => Graph.Record("WrongSquare", t[0].Detach().Square(), [t[0]], g => [g.Mul(t[0].Detach())]), [x]);
        Assert.False(result.Passed);
        Assert.Contains("failed", result.ToString());
    }

    [Fact]
    public void Backward_CalledTwiceWithRetainGraph_AccumulatesIntoGrad()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, 3);
        x.RequiresGrad = true;
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 4.0, 8.0, 12.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Backward_SecondTimeWithoutRetain_ThrowsNamingTheOp()
    {
        var x = Leaf(3);
        var y = x.Exp().Sum();
        y.Backward();
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", error.Message);
    }

    [Fact]
    public void Backward_NonScalarWithoutSeed_Throws()
    {
        var x = Leaf(3);
        var error = Assert.Throws<InvalidOperationException>(() => (x * 2).Backward());
        Assert.Contains("shape (3,)", error.Message);
    }

    [Fact]
    public void Backward_WithSeedGradient_ScalesByIt()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, 2);
        x.RequiresGrad = true;
        (x * 3).Backward(Tensor.FromArray(new[] { 10.0, -1.0 }, 2));
        Assert.Equal(new[] { 30.0, -3.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void NoGrad_ResultsDoNotRecord()
    {
        var x = Leaf(3);
        using (GradMode.NoGrad())
        {
            var y = x * 2;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }

        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void Detach_SharesStorageAndStopsGradient()
    {
        var x = Leaf(3);
        var d = x.Detach();
        Assert.Same(x.Storage, d.Storage);
        var y = (x * d).Sum();
        y.Backward();
        Assert.Equal(x.ToDoubleArray(), x.Grad!.ToDoubleArray()); // d/dx (x * const) = const = x
    }

    [Fact]
    public void RetainGrad_KeepsGradientOfNonLeaf()
    {
        var x = Leaf(2);
        var h = (x * 3).RetainGrad();
        (h * h).Sum().Backward();
        Assert.Equal(h.ToDoubleArray().Select(v => 2 * v), h.Grad!.ToDoubleArray());
        var plain = x * 5;
        plain.Sum().Backward();
        Assert.Null(plain.Grad);
    }

    [Fact]
    public void Hook_SeesAndReplacesGradient()
    {
        var x = Leaf(3);
        var h = x * 2;
        Tensor? seen = null;
        h.RegisterHook(g =>
        {
            seen = g;
            return g * 10;
        });
        h.Sum().Backward();
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, seen!.ToDoubleArray());
        Assert.Equal(new[] { 20.0, 20.0, 20.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Grad_AdoptsAFreshGradientWithoutCopying()
    {
        var x = Leaf(3);
        Tensor? produced = null;
        var y = Graph.Record("Double", x.Detach() * 2, [x], g => [produced = g * 2]);
        y.Sum().Backward();
        Assert.Same(produced!.Storage, x.Grad!.Storage);
    }

    [Fact]
    public void Grad_NeverAliasesAGradientSomethingElseHolds()
    {
        // a + b hands one gradient object to both leaves: one may adopt it, the other needs a copy
        var a = Leaf(3);
        var b = Leaf(3);
        ((a + b) * 2).Sum().Backward();
        Assert.NotSame(a.Grad!.Storage, b.Grad!.Storage);
        (a * 1).Sum().Backward();
        Assert.Equal(new[] { 3.0, 3.0, 3.0 }, a.Grad.ToDoubleArray());
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, b.Grad.ToDoubleArray());

        // the caller's seed stays the caller's
        var seed = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, 3);
        var c = Leaf(3);
        c.Backward(seed);
        c.Grad!.AddInPlace(seed);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, seed.ToDoubleArray());

        // so does what a hook saw, even when it flows on unchanged to a leaf (x + 0 passes it through)
        var d = Leaf(3);
        Tensor? hooked = null;
        var h = d + 0.0;
        h.RegisterHook(g => hooked = g);
        (h * 3).Sum().Backward();
        (d * 1).Sum().Backward();
        Assert.Equal(new[] { 3.0, 3.0, 3.0 }, hooked!.ToDoubleArray());
        Assert.Equal(new[] { 4.0, 4.0, 4.0 }, d.Grad!.ToDoubleArray());
    }

    [Fact]
    public void DiamondGraph_SumsGradientsFromBothPaths()
    {
        var x = Tensor.FromArray(new[] { 2.0 }, 1);
        x.RequiresGrad = true;
        var a = x * 3;
        var y = (a * a + a.Exp()).Sum();
        y.Backward();
        // d/dx (9x² + e^(3x)) = 18x + 3 e^(3x)
        Assert.Equal(18 * 2 + 3 * Math.Exp(6), x.Grad!.Item(), 9);
    }

    [Fact]
    public void InPlaceOnLeafRequiringGrad_Throws()
    {
        var x = Leaf(3);
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(Tensor.OnesLike(x)));
        using (GradMode.NoGrad())
        {
            x.AddInPlace(Tensor.OnesLike(x)); // optimizers do this
        }
    }

    [Fact]
    public void RequiresGrad_OnIntegerTensor_Throws()
    {
        var labels = Tensor.Arange(3);
        Assert.Equal(DType.Int64, labels.DType);
        Assert.Throws<InvalidOperationException>(() => labels.RequiresGrad = true);
    }
}
