using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers.Optim;

public class OptimizerBehaviourTests
{
    private static Tensor Param(params float[] values)
    {
        var p = Tensor.FromArray(values);
        p.RequiresGrad = true;
        return p;
    }

    [Fact]
    public void Step_SkipsParametersWithoutGrad()
    {
        var withGrad = Param(1, 2);
        var without = Param(3, 4);
        withGrad.Grad = Tensor.FromArray([1f, 1f]);
        var optimizer = new Adam([withGrad, without], lr: 0.1);
        optimizer.Step();
        Assert.Equal([3f, 4f], without.ToArray());
        Assert.Null(optimizer.StateOf(without));
        Assert.NotNull(optimizer.StateOf(withGrad));
    }

    [Fact]
    public void ZeroGrad_DropsOrZeroesGradients()
    {
        var p = Param(1, 2);
        var optimizer = new Sgd([p], lr: 0.1);
        p.Grad = Tensor.FromArray([5f, 6f]);
        optimizer.ZeroGrad(setToNone: false);
        Assert.Equal([0f, 0f], p.Grad!.ToArray());
        optimizer.ZeroGrad();
        Assert.Null(p.Grad);
    }

    [Fact]
    public void ParamGroups_OverrideDefaultsPerGroup()
    {
        var a = Param(1);
        var b = Param(1);
        var optimizer = new Sgd([new ParamGroup([a]), new ParamGroup([b], new Dictionary<string, double> { ["lr"] = 0.5 })], lr: 0.1);
        a.Grad = Tensor.FromArray([1f]);
        b.Grad = Tensor.FromArray([1f]);
        optimizer.Step();
        Assert.Equal(0.9f, a.ToArray()[0], 6);
        Assert.Equal(0.5f, b.ToArray()[0], 6);
    }

    [Fact]
    public void Constructor_RejectsDuplicatesNesterovWithoutMomentumAndNegativeLr()
    {
        var p = Param(1);
        Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([p]), new ParamGroup([p])], lr: 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd([p], lr: 0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Adam([p], lr: -1));
        Assert.Throws<ArgumentException>(() => new Adam([p], beta1: 1.0));
    }

    [Fact]
    public void StateDict_ResumedOptimizerContinuesExactly()
    {
        static (Tensor, Optimizer) Make()
        {
            var p = Param(0.5f, -1.5f, 2f);
            return (p, new Adam([p], lr: 0.05, amsgrad: true, weightDecay: 0.01));
        }

        var (p1, o1) = Make();
        var (p2, o2) = Make();
        var grads = Enumerable.Range(0, 6).Select(i => Tensor.FromArray([i * 0.3f - 1, 0.5f, -i * 0.1f])).ToList();
        for (int i = 0; i < 3; i++)
        {
            p1.Grad = grads[i];
            o1.Step();
        }

        using (IlgpuNet.Autograd.GradMode.NoGrad())
        {
            p2.CopyFrom(p1);
        }

        o2.LoadStateDict(o1.StateDict());
        Assert.Equal(3, o2.StateOf(p2)!.Step);
        for (int i = 3; i < 6; i++)
        {
            p1.Grad = grads[i];
            p2.Grad = grads[i];
            o1.Step();
            o2.Step();
        }

        Assert.Equal(p1.ToArray(), p2.ToArray());
    }

    [Fact]
    public void LoadStateDict_MismatchedLayout_ChangesNothing()
    {
        var p = Param(1, 2);
        var optimizer = new Sgd([p], lr: 0.1, momentum: 0.9);
        p.Grad = Tensor.FromArray([1f, 1f]);
        optimizer.Step();
        var other = new Sgd([Param(1, 2, 3)], lr: 0.2, momentum: 0.9);
        other.ParamGroups[0].Params[0].Grad = Tensor.FromArray([1f, 1f, 1f]);
        other.Step();
        Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(other.StateDict()));
        Assert.Equal(0.1, optimizer.ParamGroups[0].Lr);
        Assert.Equal([1f, 1f], optimizer.StateOf(p)!.Buffers["momentum_buffer"].ToArray());
    }
}
