using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// One seed model's training step as the PyTorch reference defines it: a model, a fixed input batch, a loss on the
/// output (SGD lr 1e-3 momentum 0.9), and how many items one step processes (images, points or rays). A step that is
/// not module-in, loss-out (NeRF's ray rendering) gives <see cref="CustomStep"/> instead, which builds its own state
/// and returns the step.
/// </summary>
public sealed record SeedModel(string Name, Func<Module> Build, int[] InputShape, Func<Tensor, Tensor> Loss, int Items, int TimedSteps,
    Func<Action>? CustomStep = null)
{
    /// <summary>A step that renders rays: <see cref="CustomStep"/> builds everything it needs.</summary>
    public static SeedModel Custom(string name, Func<Action> step, int items, int timedSteps) =>
        new(name, () => throw new NotSupportedException($"{name} is a custom step"), [], output => output, items, timedSteps, step);

    /// <summary>One training step over this model's fixed state (seeded at 0): what the harness warms up and times.</summary>
    public Action CreateStep()
    {
        Tensor.ManualSeed(0);
        if (CustomStep != null)
        {
            return CustomStep();
        }

        var model = Build();
        var input = Tensor.Randn(InputShape);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-3, momentum: 0.9);
        model.Train();
        return () =>
        {
            optimizer.ZeroGrad();
            using var output = model.Call(input);
            Tensor loss;
            using (Profiler.Measure("forward", "loss"))
            {
                loss = Loss(output);
            }

            using (loss)
            {
                loss.Backward();
            }

            using (Profiler.Measure("optimizer", optimizer.GetType().Name))
            {
                optimizer.Step();
            }
        };
    }

    public override string ToString() => Name;
}
