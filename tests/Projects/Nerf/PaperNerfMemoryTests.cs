using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Training;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>
/// The paper model keeps for backward what backward reads and no more (one tensor a layer, as PyTorch keeps the
/// ReLU's output; the skip layer and the view layer keep their inputs' parts, never a concatenation of them), and the
/// step gives every activation back to the host pool. Counted with the pool's allocated bytes, at sizes where every
/// activation goes through the pool (64 KB and up): a tensor left to the garbage collector stays counted.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class PaperNerfMemoryTests
{
    private const int Width = 64;

    // 16x16 rays, 16 coarse and 32 fine samples: 4096 coarse and 12288 fine samples, activations of 1 and 3 MiB
    private static readonly NerfOptions Small = NerfOptions.For(NerfVariant.Nerf) with
    {
        Width = Width,
        CoarseSamples = 16,
        FineSamples = 32,
        PositionFrequencies = 4,
        DirectionFrequencies = 2,
    };

    [Fact]
    public void TrainingStep_KeepsWhatBackwardReads_AndGivesEveryActivationBack()
    {
        var model = RadianceModel.Create(Small, new Generator(1));
        var optimizer = NerfOptimizer.Create(Small, model);
        var rays = RayBatch.ForView(new PinholeCamera(16, 16, 16.0), CameraPoses.OnSphere(4, 30, 30));
        var target = Tensor.Rand([rays.Count, 3], generator: new Generator(2));
        void Step(ulong key, Action<long>? afterForward)
        {
            optimizer.ZeroGrad();
            var rendered = model.Render(rays, training: true, key);
            afterForward?.Invoke(HostMemory.AllocatedBytes);
            using var loss = Functional.MseLoss(rendered.Color, target).Add(Functional.MseLoss(rendered.CoarseColor!, target));
            loss.Backward();
            optimizer.Step();
            foreach (var output in new[] { rendered.Color, rendered.Depth, rendered.Opacity, rendered.CoarseColor! })
            {
                output.Dispose();
            }
        }

        Step(1, null); // the optimizer's state and the gradients are made in the first step
        GC.Collect();
        GC.WaitForPendingFinalizers(); // earlier tests' tensors left to the collector stop being counted now, not during the step
        long before = HostMemory.AllocatedBytes;
        long keptByForward = 0;
        Step(2, allocated => keptByForward = allocated - before);

        // Per sample, in floats: the encoded position (the first layer and the skip layer read it) and direction (the
        // view layer), each trunk layer's output before its ReLU (read by the next layer; the last by the density and
        // feature layers), the feature and view layers' outputs, then colour (3), density, depth, distance and weight.
        int pointInputs = PositionalEncoding.Width(Small.PositionFrequencies), viewInputs = PositionalEncoding.Width(Small.DirectionFrequencies);
        double perSample = pointInputs + viewInputs + (Small.Depth * Width) + Width + (Width / 2) + 7;
        long samples = (long)rays.Count * ((2 * Small.CoarseSamples) + Small.FineSamples);
        // the pool rounds an array up to its size class (at most 25 %); the 64-wide ones here are whole classes
        double bound = 4 * samples * (perSample + (0.25 * (pointInputs + viewInputs + 7)));
        Assert.True(keptByForward <= bound, $"the forward keeps {keptByForward} bytes, backward reads at most {bound}");
        Assert.True(keptByForward >= 4 * samples * Small.Depth * Width, $"the forward keeps {keptByForward} bytes: less than the trunk's activations");
        Assert.True(HostMemory.AllocatedBytes <= before, $"{HostMemory.AllocatedBytes - before} bytes of the step still held after it");
    }

    [Fact]
    public void Evaluate_EqualsItsLayersComposedByHand_ValuesAndGradients()
    {
        var (mlp, byHand) = (new NerfMlp(width: Width, pointInputs: 27, viewInputs: 15, generator: new Generator(3)), new NerfMlp(width: Width, pointInputs: 27, viewInputs: 15));
        byHand.LoadStateDict(mlp.StateDict());
        Tensor Layer(string name, Tensor x) => byHand.GetSubmodule(name).Call(x);
        Tensor Composed(Tensor points, Tensor views)
        {
            var h = points;
            for (int i = 0; i < 8; i++)
            {
                h = Layer($"pts_linears.{i}", h).Relu();
                h = i == byHand.Skip ? Tensor.Cat([points, h], 1) : h;
            }

            var features = Tensor.Cat([Layer("feature_linear", h), views], 1);
            return Tensor.Cat([Layer("rgb_linear", Layer("views_linears.0", features).Relu()), Layer("alpha_linear", h)], 1);
        }

        // 1024 samples: activations of 256 KB, through the pool
        var points = Tensor.Randn([1024, 27], generator: new Generator(4));
        var views = Tensor.Randn([1024, 15], generator: new Generator(5));
        var upstream = Tensor.Randn([1024, 4], generator: new Generator(6));
        var (rgb, density) = mlp.Evaluate(points, views);
        var expected = Composed(points, views);
        AssertClose(expected.ToArray(), Tensor.Cat([rgb, density], 1).ToArray(), 1e-5, "output");
        Tensor.Cat([rgb, density], 1).Backward(upstream);
        expected.Backward(upstream);
        var released = mlp.NamedParameters().ToList();
        var kept = byHand.NamedParameters().ToList();
        for (int i = 0; i < kept.Count; i++)
        {
            AssertClose(kept[i].Parameter.Grad!.ToArray(), released[i].Parameter.Grad!.ToArray(), 1e-4, kept[i].Name + " gradient");
        }

        // without a graph nothing else holds a released tensor's memory: one released too early would be overwritten or unreadable
        using (GradMode.NoGrad())
        {
            var (noGradRgb, noGradDensity) = mlp.Evaluate(points, views);
            var composed = Composed(points, views);
            AssertClose(composed.ToArray(), Tensor.Cat([noGradRgb, noGradDensity], 1).ToArray(), 1e-5, "output without a graph");
        }
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]}, expected {expected[i]}");
        }
    }
}
