using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>
/// A short training run of a small CNN with batch norm and dropout (conv-BN-ReLU-pool twice, dropout, linear) with
/// Adam on a few fixed batches of random 16x16 images and labels, cycled so the model can fit them: the same seed
/// gives the same initial weights, batches and dropout masks on every device, so the loss curves of two devices may
/// differ only by float rounding.
/// </summary>
public static class TrainingRun
{
    public const int BatchSize = 16;
    public const int Classes = 10;
    public const int Batches = 3;

    /// <summary>
    /// How far a device's loss may be from the CPU's at each step, relative: the runs share weights, batches and
    /// dropout masks, so only float rounding (summation order in reductions, GEMM, convolutions) separates them, and
    /// Adam carries it from step to step.
    /// </summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>The steps whose losses differ by more than <see cref="RelativeTolerance"/> (empty: the curves agree).</summary>
    public static IReadOnlyList<string> Disagreements(double[] cpu, double[] device)
        => Enumerable.Range(0, cpu.Length)
            .Where(i => !(Math.Abs(cpu[i] - device[i]) <= RelativeTolerance * Math.Abs(cpu[i])))
            .Select(i => $"step {i}: cpu {cpu[i]:R}, device {device[i]:R}")
            .ToList();

    /// <summary>
    /// Host transfers of one warmed-up training step on the device (uploads, downloads) and of reading its loss
    /// afterwards: (0, 0) and (0, 1) when nothing waits for the device before the user asks for the loss.
    /// </summary>
    public static (long StepUploads, long StepDownloads, long ItemUploads, long ItemDownloads) HostTransfers(Device device)
    {
        Tensor.ManualSeed(0);
        var model = BuildModel();
        model.To(device);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        var (images, labels) = Batch(new Generator(1), device);
        Step(model, optimizer, images, labels).Item();  // the first step creates the optimizer state and compiles kernels
        var backend = DeviceRegistry.Backend(device);
        long uploads = backend.HostToDeviceCopies, downloads = backend.DeviceToHostCopies;
        var loss = Step(model, optimizer, images, labels);
        long stepUploads = backend.HostToDeviceCopies - uploads, stepDownloads = backend.DeviceToHostCopies - downloads;
        loss.Item();
        return (stepUploads, stepDownloads, backend.HostToDeviceCopies - uploads - stepUploads, backend.DeviceToHostCopies - downloads - stepDownloads);
    }

    public static Sequential BuildModel() => new(
        new Conv2d(1, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
        new Conv2d(8, 16, 3, padding: 1), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Dropout(0.25, new Generator(3)), new Linear(16 * 4 * 4, Classes));

    /// <summary>The loss of each of <paramref name="steps"/> Adam steps on <paramref name="device"/>.</summary>
    public static double[] Losses(Device device, int steps, ulong seed = 0)
    {
        Tensor.ManualSeed(seed);
        var model = BuildModel();
        model.To(device);
        var optimizer = new Adam(model.Parameters(), lr: 3e-3);
        var data = new Generator(seed + 1);
        var batches = Enumerable.Range(0, Batches).Select(_ => Batch(data, device)).ToArray();
        var losses = new double[steps];
        model.Train();
        for (int step = 0; step < steps; step++)
        {
            var (images, labels) = batches[step % Batches];
            losses[step] = Step(model, optimizer, images, labels).Item();
        }

        return losses;
    }

    /// <summary>One batch of images (N, 1, 16, 16) and labels, drawn on the CPU and moved to the device.</summary>
    public static (Tensor Images, Tensor Labels) Batch(Generator data, Device device)
        => (Tensor.Randn([BatchSize, 1, 16, 16], generator: data).To(device), Tensor.Randint(0, Classes, [BatchSize], data).To(device));

    /// <summary>One training step (forward, loss, backward, update); returns the loss without reading it.</summary>
    public static Tensor Step(Module model, Optimizer optimizer, Tensor images, Tensor labels)
    {
        optimizer.ZeroGrad();
        var loss = Functional.CrossEntropy(model.Call(images), labels);
        loss.Backward();
        optimizer.Step();
        return loss;
    }
}
