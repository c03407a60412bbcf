using IlgpuNet.Kernels.Gpu;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

public class DeviceRegistryTests
{
    [Fact]
    public void Kernels_UnknownOpenClIndex_ThrowsOneLineListingWhatExists()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceRegistry.Kernels(KDevice.OpenCl(99)));
        Assert.StartsWith("opencl:99 is not available: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Devices found: cpu; ilgpu-cpu = ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    // ilgpu-cpu launches one-thread groups, one per multiprocessor (a thread per core); launched as on a GPU, the same
    // accelerator takes 64-thread groups and the GEMM's 8x8 tile
    [Fact]
    public void Kernels_IlgpuCpu_OpensIlgpusCpuAccelerator_WithSmallGroupsOrGpuShapedOnes()
    {
        var backend = DeviceRegistry.Backend(KDevice.IlgpuCpu);
        Assert.Equal(KDevice.IlgpuCpu, backend.Device);
        Assert.Equal(ILGPU.Runtime.AcceleratorType.CPU, backend.Accelerator.AcceleratorType);
        Assert.True(backend.SimulatesGroups);
        Assert.Equal((1, 1, 2), (backend.GroupSize, backend.RowGroupSize, backend.ResidentGroups));

        var gpuShaped = DeviceRegistry.OpenWithGpuLaunchShapes(KDevice.IlgpuCpu).Backend;
        Assert.False(gpuShaped.SimulatesGroups);
        Assert.Equal((64, 64), (gpuShaped.GroupSize, gpuShaped.RowGroupSize));
        Assert.True(gpuShaped.Accelerator.MaxNumThreadsPerGroup >= Kernels.Ilgpu.GemmKernels.ThreadsPerSide * Kernels.Ilgpu.GemmKernels.ThreadsPerSide);
        gpuShaped.Dispose();
    }

    [Fact]
    public void Kernels_Cuda_OpensOrExplainsWhy()
    {
        if (!DeviceRegistry.TryOpen(KDevice.Cuda(0), out var reason))
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }

        Assert.Throws<DeviceUnavailableException>(() => DeviceRegistry.Kernels(KDevice.Cuda(99)));
    }

    [Fact]
    public void DeviceInfoList_ReportsDevicesOrProblems_NeverThrows()
    {
        var devices = DeviceInfo.List(out var problems);
        Assert.Equal(KDevice.IlgpuCpu, devices[0].Device);
        Assert.All(problems, p => Assert.Matches("^(cuda|opencl): ", p));
        foreach (var d in devices)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.True(d.Multiprocessors > 0 && d.MaxGroupSize > 0, d.ToString());
        }
    }

    [Fact]
    public void ElementwiseLayout_MergesContiguousDims_KeepsBroadcastAndStridedOnesApart()
    {
        long[] shape = [2, 3, 4];
        var (dense, _, count) = ElementwiseLayout.Pack(shape, StridedView.Contiguous(shape), StridedView.Contiguous(shape));
        Assert.Equal(1, dense.Rank);
        Assert.Equal(24, count);
        var (broadcast, strides, _) = ElementwiseLayout.Pack(shape, StridedView.Contiguous(shape), new StridedView(0, [0, 4, 1]));
        Assert.Equal(2, broadcast.Rank);  // [2] x [12]: the broadcast dim stays, the last two merge
        Assert.Equal(12, broadcast.Size[1]);
        Assert.Equal(0, strides[1].Stride[0]);
        Assert.Equal(1, strides[1].Stride[1]);
    }
}
