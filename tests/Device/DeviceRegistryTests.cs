using IlgpuNet.Kernels.Gpu;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

public class DeviceRegistryTests
{
    [Fact]
    public void Kernels_UnknownOpenClIndex_ThrowsListingWhatExists()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceRegistry.Kernels(KDevice.OpenCl(99)));
        Assert.Contains("opencl:99", error.Message);
        Assert.True(error.Message.Contains("available: opencl:0", StringComparison.Ordinal) || error.Message.Contains("no OpenCL", StringComparison.Ordinal), error.Message);
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
        Assert.True(devices.Count > 0 || problems.Count > 0);
        foreach (var d in devices)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.True(d.ComputeUnits > 0);
        }
    }

    [Fact]
    public void ElementwiseLayout_MergesContiguousDims_KeepsBroadcastAndStridedOnesApart()
    {
        long[] shape = [2, 3, 4];
        var (dense, _, count) = ElementwiseLayout.Pack(shape, StridedView.Contiguous(shape), StridedView.Contiguous(shape));
        Assert.Equal(1, dense.NDim);
        Assert.Equal(24, count);
        var (broadcast, strides, _) = ElementwiseLayout.Pack(shape, StridedView.Contiguous(shape), new StridedView(0, [0, 4, 1]));
        Assert.Equal(2, broadcast.NDim);  // [2] x [12]: the broadcast dim stays, the last two merge
        Assert.Equal(12, broadcast.SizeAt(1));
        Assert.Equal(0, strides[1].StrideAt(0));
        Assert.Equal(1, strides[1].StrideAt(1));
    }
}
