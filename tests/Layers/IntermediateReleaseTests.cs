using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// Modules dispose the intermediates they hand on, so their memory returns to the pool during the step, and never a
/// tensor someone else can still reach: the caller's input, a tensor a hook kept, a parameter a module returned.
/// Each case keeps training after the forward so that released memory is reused before the kept tensor is checked.
/// </summary>
public class IntermediateReleaseTests
{
    // 16 images at 32x32: inputs of 192 KB and activations of 1 MB, so they go through the pool (64 KB and up)
    private static Tensor Batch(int seed = 1) => Tensor.Rand([16, 3, 32, 32], -1, 1, DType.Float32, new Generator((ulong)seed));

    private static Sequential ConvNet() => new(
        new Conv2d(3, 16, 3, padding: 1), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 16, 3, padding: 1), new ReLU(), new Flatten(), new Linear(16 * 16 * 16, 10));

    [Fact]
    public void Training_WithIntermediatesReleased_MatchesTrainingThatKeepsEveryTensor()
    {
        var (first, second) = Twins(ConvNet);
        var released = Train(first, keepEverything: false);
        var kept = Train(second, keepEverything: true);
        Assert.Equal(kept.Length, released.Length);
        for (int i = 0; i < kept.Length; i++)
        {
            Assert.Equal(kept[i], released[i]);
        }
    }

    [Fact]
    public void ResNetTraining_WithIntermediatesReleased_MatchesTrainingThatKeepsEveryTensor()
    {
        Module Net() => new Sequential(new Conv2d(3, 16, 3, padding: 1), new BasicBlock(16, 16),
            new BasicBlock(16, 32, stride: 2, downsample: new Sequential(new Conv2d(16, 32, 1, stride: 2, bias: false), new BatchNorm2d(32))),
            new AdaptiveAvgPool2d(1), new Flatten(), new Linear(32, 10));
        var (first, second) = Twins(Net);
        var released = Train(first, keepEverything: false);
        var kept = Train(second, keepEverything: true);
        for (int i = 0; i < kept.Length; i++)
        {
            Assert.Equal(kept[i], released[i]);
        }
    }

    [Fact]
    public void UNetTraining_WithIntermediatesReleased_MatchesItsLayersComposedByHand()
    {
        var (net, byHand) = Twins(() => new UNet(new ColourNetConfig(Filters: 8, Colours: 6)));
        Tensor Layer(string name, Tensor x) => byHand.GetSubmodule(name).Call(x);
        Tensor Composed(Tensor x)
        {
            var first = Layer("layer1", x);
            var y = Layer("layer4", Tensor.Cat([Layer("layer3", Layer("layer2", first)), first], 1));
            return Layer("layer5", Tensor.Cat([y, x], 1));
        }

        var (netSgd, byHandSgd) = (new Sgd(net.Parameters(), lr: 0.05, momentum: 0.9), new Sgd(byHand.Parameters(), lr: 0.05, momentum: 0.9));
        var random = new Random(3);
        for (int step = 0; step < 3; step++)
        {
            var x = Tensor.Rand([8, 1, 32, 32], 0, 1, DType.Float32, new Generator((ulong)step));
            var targets = Tensor.FromArray(Enumerable.Range(0, 8 * 32 * 32).Select(_ => (long)random.Next(6)).ToArray(), 8, 32, 32);
            foreach (var (model, optimizer, forward) in new[] { (net, netSgd, (Func<Tensor, Tensor>)net.Call), (byHand, byHandSgd, Composed) })
            {
                optimizer.ZeroGrad();
                Functional.CrossEntropy(forward(x), targets).Backward();
                optimizer.Step();
            }
        }

        var (released, kept) = (net.Parameters().Select(p => p.ToArray()).ToArray(), byHand.Parameters().Select(p => p.ToArray()).ToArray());
        for (int i = 0; i < kept.Length; i++)
        {
            Assert.Equal(kept[i], released[i]);
        }

        // without a graph nothing else holds a released tensor's memory, so one released too early would be overwritten
        using (GradMode.NoGrad())
        {
            var x = Tensor.Rand([8, 1, 32, 32], 0, 1, DType.Float32, new Generator(9));
            Assert.Equal(Composed(x).ToArray(), net.Call(x).ToArray());
        }
    }

    [Fact]
    public void ForwardHook_KeepsTheActivationItSaw_ThroughLaterSteps()
    {
        var net = ConvNet();
        Tensor? seen = null;
        float[]? seenValues = null;
        net[2].RegisterForwardHook((_, _, output) =>
        {
            seen ??= output;
            seenValues ??= output.ToArray();
        });
        Train(net, keepEverything: false, steps: 4);
        Assert.Equal(seenValues, seen!.ToArray());
    }

    [Fact]
    public void Sequential_StartingWithIdentity_LeavesTheCallersInputAlone()
    {
        var net = new Sequential(new Identity(), new Conv2d(3, 16, 3, padding: 1), new ReLU(), new Flatten(), new Linear(16 * 32 * 32, 10));
        var input = Batch();
        var values = input.ToArray();
        using (var output = net.Call(input))
        {
            output.Sum().Backward();
        }

        Train(net, keepEverything: false, steps: 3);
        Assert.Equal(values, input.ToArray());
    }

    [Fact]
    public void Sequential_WithAModuleReturningItsParameter_KeepsTheParameter()
    {
        var table = new ConstantTable();
        var net = new Sequential(new Conv2d(3, 16, 3, padding: 1), table, new Flatten(), new Linear(3 * 32 * 32, 10));
        var values = table.Table.ToArray();
        for (int i = 0; i < 3; i++)
        {
            using var output = net.Call(Batch(i));
            using var loss = output.Sum();
            loss.Backward();
        }

        Assert.Equal(values, table.Table.ToArray());
    }

    [Fact]
    public void GradientReadThroughGrad_SurvivesZeroGradAndLaterSteps()
    {
        var net = ConvNet();
        var optimizer = new Sgd(net.Parameters(), lr: 0.05);
        using (var output = net.Call(Batch()))
        using (var loss = output.Sum())
        {
            loss.Backward();
        }

        var weight = net[7].Parameters().First(); // 10 x 4096: a gradient of 160 KB, from the pool
        var grad = weight.Grad!;
        var values = grad.ToArray();
        optimizer.ZeroGrad();
        Assert.Null(weight.Grad);
        Train(net, keepEverything: false, steps: 3);
        Assert.Equal(values, grad.ToArray());
    }

    /// <summary>A module that ignores its input and returns its own parameter, as lookup tables and learned queries do.</summary>
    private sealed class ConstantTable : Module
    {
        public ConstantTable() => Table = RegisterParameter("table", Tensor.Rand([16, 3, 32, 32], -1, 1))!;

        public Tensor Table { get; }

        public override Tensor Forward(Tensor input) => Table;
    }

    // two models with the same parameters and buffers
    private static (Module, Module) Twins(Func<Module> build)
    {
        var (first, second) = (build(), build());
        second.LoadStateDict(first.StateDict());
        return (first, second);
    }

    // A few SGD steps; the final parameters. keepEverything holds every output and loss (nothing disposed).
    private static float[][] Train(Module net, bool keepEverything, int steps = 3)
    {
        var optimizer = new Sgd(net.Parameters(), lr: 0.05, momentum: 0.9);
        var kept = new List<Tensor>();
        for (int step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            var output = net.Call(Batch(step));
            var loss = Functional.CrossEntropy(output, Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (long)(i % 10)).ToArray(), 16));
            loss.Backward();
            optimizer.Step();
            if (keepEverything)
            {
                kept.AddRange([output, loss]);
            }
            else
            {
                output.Dispose();
                loss.Dispose();
            }
        }

        return net.Parameters().Select(p => p.ToArray()).ToArray();
    }
}
