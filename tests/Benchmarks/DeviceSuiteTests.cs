using IlgpuNet.Benchmarks.Kernels;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Benchmarks;

public class DeviceSuiteTests
{
    [Fact]
    public void GradientEnd_PassesTheOpsGradient_ButNothingReachesTheSource()
    {
        var source = Tensor.FromArray([1f, -2f, 3f], [3]);
        var end = DeviceSuite.GradientEnd(source);
        Tensor? reached = null;
        end.RegisterHook(g =>
        {
            reached = g;
            return null;
        });

        end.Mul(end).Backward(Tensor.FromArray([1f, 1f, 1f], [3]), retainGraph: true);

        Assert.Equal([2f, -4f, 6f], reached!.ToArray<float>());   // d(x²)/dx = 2x was computed...
        Assert.Null(source.Grad);                                  // ...and dropped: no .Grad copy or accumulation
        Assert.Null(end.Grad);
        Assert.False(source.RequiresGrad);                         // the caller's tensor is left as it was
    }

    [Fact]
    public void Devices_StartWithTheCpu_AndLeaveOutWhatDoesNotOpen_WithTheReason()
    {
        Assert.Equal(Device.Cpu, BenchmarkDevices.Present[0]);
        var probed = BenchmarkDevices.Probe([Device.Cpu, Device.OpenCl(99), Device.Cuda(99)]).ToList();
        Assert.Null(probed[0].Reason);
        Assert.Contains("opencl:99", probed[1].Reason);
        Assert.Contains("cuda:99", probed[2].Reason);
    }
}
