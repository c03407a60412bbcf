using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>
/// The detector releases what its forward spends (the stem's maps, the unused stride-4 stage, the neck's projections and
/// their sum) as soon as the next layer has taken it, so a training step gives every activation back to the host pool,
/// and never too early: the step equals the same layers composed by hand, where nothing is released. 8 images at
/// 64×64, so the activations (512 KB to 2 MB) go through the pool.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class DetectorMemoryTests
{
    private static Tensor Batch(int seed) => Tensor.Rand([8, 3, 64, 64], -1, 1, DType.Float32, new Generator((ulong)seed));

    [Fact]
    public void TrainingStep_GivesEveryActivationBack()
    {
        Tensor.ManualSeed(3);
        var model = new YoloDetector(numClasses: 2, neckChannels: 16);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-3, momentum: 0.9);
        void Step(int seed)
        {
            optimizer.ZeroGrad();
            using var input = Batch(seed);
            using var output = model.Call(input);
            using var squares = output.Square();
            using var loss = squares.Mean();
            loss.Backward();
            optimizer.Step();
        }

        Step(1); // the gradients and the momentum buffers are made in the first step
        GC.Collect();
        GC.WaitForPendingFinalizers(); // earlier tests' tensors left to the collector stop being counted now
        long before = HostMemory.AllocatedBytes;
        Step(2);
        Assert.True(HostMemory.AllocatedBytes <= before, $"{HostMemory.AllocatedBytes - before} bytes of the step still held after it");
    }

    [Fact]
    public void Training_WithIntermediatesReleased_MatchesItsLayersComposedByHand()
    {
        Tensor.ManualSeed(4);
        var net = new YoloDetector(numClasses: 2, neckChannels: 16);
        var byHand = new YoloDetector(numClasses: 2, neckChannels: 16);
        byHand.LoadStateDict(net.StateDict());
        Tensor Layer(string name, Tensor x) => byHand.GetSubmodule(name).Call(x);
        Tensor Composed(Tensor x)
        {
            foreach (var name in new[] { "conv1", "bn1", "relu", "maxpool", "layer1" })
            {
                x = Layer("backbone." + name, x);
            }

            var fine = Layer("backbone.layer2", x);
            var coarse = Layer("backbone.layer3", fine);
            var topDown = Functional.Interpolate(Layer("neck.lateral_coarse", coarse), scaleFactor: 2.0);
            return Layer("head", Layer("neck.smooth", Layer("neck.lateral_fine", fine).Add(topDown)));
        }

        var (netSgd, byHandSgd) = (new Sgd(net.Parameters(), lr: 0.01, momentum: 0.9), new Sgd(byHand.Parameters(), lr: 0.01, momentum: 0.9));
        for (int step = 0; step < 3; step++)
        {
            var x = Batch(10 + step);
            foreach (var (optimizer, forward) in new[] { (netSgd, (Func<Tensor, Tensor>)net.Call), (byHandSgd, Composed) })
            {
                optimizer.ZeroGrad();
                forward(x).Square().Mean().Backward();
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
            var x = Batch(20);
            Assert.Equal(Composed(x).ToArray(), net.Call(x).ToArray());
        }
    }
}
