using IlgpuNet.DeviceParity;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Tensors;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

[Backend(DeviceKind.IlgpuCpu)]
[Collection("device")]
public sealed class IlgpuCpuTrainingTests : DeviceTrainingTests
{
    protected override KDevice Device => KDevice.IlgpuCpu;
}

[Backend(DeviceKind.OpenCl)]
[Collection("device")]
public sealed class OpenClTrainingTests : DeviceTrainingTests
{
    protected override KDevice Device => KDevice.OpenCl(0);
}

[Backend(DeviceKind.Cuda)]
[Collection("device")]
public sealed class CudaTrainingTests : DeviceTrainingTests
{
    protected override KDevice Device => KDevice.Cuda(0);
}

/// <summary>Training on a device: the loss curve follows the CPU's, a step never waits for the device, memory is reused.</summary>
public abstract class DeviceTrainingTests
{
    protected abstract KDevice Device { get; }

    // Tolerance: TrainingRun.RelativeTolerance (1e-3) per step; the run must also learn (the last loss under 80% of the first).
    [BackendFact]
    public void ShortTraining_LossCurveFollowsTheCpus()
    {
        const int steps = 12;
        var cpu = TrainingRun.Losses(KDevice.Cpu, steps);
        var device = TrainingRun.Losses(Device, steps);
        var disagreements = TrainingRun.Disagreements(cpu, device);
        Assert.True(disagreements.Count == 0, $"on {Device}:\n{string.Join("\n", disagreements)}");
        Assert.True(cpu[^1] < 0.8 * cpu[0], $"the run does not learn: losses {string.Join(", ", cpu)}");
    }

    // Forward, loss, backward and the fused Adam step queue kernels only: nothing is copied from or to the host until
    // the loss is read, and reading it is one download.
    [BackendFact]
    public void TrainingStep_CopiesNothingBetweenHostAndDevice_UntilTheLossIsRead()
        => Assert.Equal((0L, 0L, 0L, 1L), TrainingRun.HostTransfers(Device));

    [BackendFact]
    public void Allocator_ReportsBytesInUseAndPeak_AndReusesTheBlocksOfCollectedTensors()
    {
        var allocator = DeviceRegistry.Backend(Device).Allocator;
        CollectDeadBuffers();
        allocator.ResetPeak();
        long before = allocator.BytesInUse;
        const int elements = 300_000;  // 1.2 MB: a 2 MiB size class of its own
        long size = CachingAllocator<object>.SizeClass(elements * sizeof(float));

        var first = Tensor.Zeros([elements], DType.Float32, Device);
        Assert.Equal(before + size, allocator.BytesInUse);
        var second = Tensor.Ones([elements], DType.Float32, Device);
        Assert.Equal(before + 2 * size, allocator.BytesInUse);
        Assert.Equal(before + 2 * size, allocator.PeakBytes);
        Assert.Equal(elements, second.Sum().Item());

        GC.KeepAlive(first);
        first = null;
        second = null;
        CollectDeadBuffers();
        Assert.Equal(before, allocator.BytesInUse);
        Assert.True(allocator.PeakBytes >= before + 2 * size, "the peak stays after the blocks are freed");
        Assert.True(allocator.BytesCached >= 2 * size);

        long natives = allocator.NativeAllocations, reuses = allocator.Reuses;
        var third = Tensor.Full([elements], 2.5, DType.Float32, Device);
        Assert.Equal(natives, allocator.NativeAllocations);
        Assert.Equal(reuses + 1, allocator.Reuses);
        Assert.Equal(2.5, third[elements - 1]);
    }

    private static void CollectDeadBuffers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
