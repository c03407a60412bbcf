using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

[Backend(DeviceKind.IlgpuCpu)]
[Collection("device")]
public sealed class IlgpuCpuTensorTests : DeviceTensorTests
{
    protected override KDevice Device => KDevice.IlgpuCpu;
}

[Backend(DeviceKind.OpenCl)]
[Collection("device")]
public sealed class OpenClTensorTests : DeviceTensorTests
{
    protected override KDevice Device => KDevice.OpenCl(0);
}

[Backend(DeviceKind.Cuda)]
[Collection("device")]
public sealed class CudaTensorTests : DeviceTensorTests
{
    protected override KDevice Device => KDevice.Cuda(0);
}

/// <summary>Tensors and modules on a device: moving data, where ops run, and the errors for what cannot work.</summary>
public abstract class DeviceTensorTests
{
    protected abstract KDevice Device { get; }

    [BackendFact]
    public void Dispose_OfTheLastTensorOverADeviceStorage_GivesItsBlockBackToTheAllocator()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocator = DeviceRegistry.Backend(Device).Allocator;
        var a = Tensor.Arange(0, 4096).To(DType.Float32).To(Device);  // 16 KiB, one whole size class
        var view = a.Reshape(64, 64);
        long held = allocator.BytesInUse;

        a.Dispose();  // the view still holds the storage: its elements stay readable
        Assert.Equal(4095f, view.ToArray<float>()[^1]);

        view.Dispose();
        Assert.True(allocator.BytesInUse <= held - 4096 * sizeof(float), $"{allocator.BytesInUse} bytes in use, {held} before");
        var error = Assert.Throws<InvalidOperationException>(() => view.Storage.Buffer);
        Assert.Contains("released", error.Message);
    }

    [BackendFact]
    public void To_MovesTheElementsThere_AndBack()
    {
        var host = Tensor.Arange(0, 24).Reshape(2, 3, 4).To(DType.Float32);
        var onDevice = host.Permute(2, 0, 1).To(Device);
        Assert.Equal(Device, onDevice.Device);
        Assert.Same(onDevice, onDevice.To(Device));
        Assert.Equal(host.Permute(2, 0, 1).ToArray(), onDevice.ToArray());
        Assert.Equal(KDevice.Cpu, onDevice.Cpu().Device);
        Assert.Equal(13.0, onDevice[1, 1, 0]);
        Assert.Equal(host.Select(1, 2).Sum().Item(), onDevice.Select(2, 2).Sum().Item());
        Assert.Contains($"device={Device}", onDevice.ToString());
        var labels = Tensor.FromArray(new long[] { 3, -1, 7 }).To(Device);
        Assert.Equal(new long[] { 3, -1, 7 }, labels.ToArray<long>());
    }

    [BackendFact]
    public void To_IsDifferentiable_GradientComesBackToTheCpu()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 });
        x.RequiresGrad = true;
        var y = x.To(Device).Square().Sum();
        Assert.Equal(Device, y.Device);
        y.Backward();
        Assert.Equal(KDevice.Cpu, x.Grad!.Device);
        Assert.Equal(new float[] { 2, 4, 6 }, x.Grad.ToArray());
    }

    [BackendFact]
    public void MixingDevices_IsAnError_NamingBoth()
    {
        var onDevice = Tensor.Ones([3], DType.Float32, Device);
        var error = Assert.Throws<ArgumentException>(() => onDevice.Add(Tensor.Ones(3)));
        Assert.Contains(Device.ToString(), error.Message);
        Assert.Contains("cpu", error.Message);
        var conv = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros([1, 1, 4, 4], DType.Float32, Device), Tensor.Zeros(1, 1, 3, 3)));
        Assert.Contains("conv2d", conv.Message);
        Assert.Contains(Device.ToString(), conv.Message);
    }

    [BackendFact]
    public void Float64OnADevice_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<NotSupportedException>(() => Tensor.Zeros([2], DType.Float64, Device));
        Assert.Contains("float32", error.Message);
        Assert.Throws<NotSupportedException>(() => Tensor.Zeros([2], DType.Float64).To(Device));
    }

    [BackendFact]
    public void ModuleTo_MovesParametersAndBuffers_StateDictCopiesAcrossDevices()
    {
        Tensor.ManualSeed(4);
        var cpu = new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new Flatten(), new Linear(12, 2));
        var input = Tensor.Randn(2, 2, 4, 4);
        var moved = new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new Flatten(), new Linear(12, 2));
        moved.LoadStateDict(cpu.StateDict());
        moved.To(Device);
        Assert.All(moved.Parameters(), p => Assert.Equal(Device, p.Device));
        Assert.All(moved.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.All(moved.Buffers(), b => Assert.Equal(Device, b.Device));
        cpu.Eval();
        moved.Eval();
        var want = cpu.Call(input).ToArray();
        var got = moved.Call(input.To(Device)).ToArray();
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5 + 1e-4 * Math.Abs(want[i]), $"output {i}: cpu {want[i]}, {Device} {got[i]}");
        }

        var reloaded = new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new Flatten(), new Linear(12, 2));
        reloaded.To(Device);
        reloaded.LoadStateDict(cpu.StateDict());  // cpu tensors copied into device parameters, as copy_ does
        reloaded.Eval();
        Assert.Equal(got, reloaded.Call(input.To(Device)).ToArray());
    }
}

/// <summary>Choosing a device by name, by environment variable, and the errors for devices that are not there.</summary>
public class DeviceChoiceTests
{
    [Theory]
    [InlineData("cpu", DeviceKind.Cpu, 0)]
    [InlineData("CUDA", DeviceKind.Cuda, 0)]
    [InlineData("cuda:1", DeviceKind.Cuda, 1)]
    [InlineData(" opencl:2 ", DeviceKind.OpenCl, 2)]
    [InlineData("ilgpu-cpu", DeviceKind.IlgpuCpu, 0)]
    public void Parse_ReadsKindAndIndex(string text, DeviceKind kind, int index)
        => Assert.Equal(new KDevice(kind, index), KDevice.Parse(text));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("opencl:-1")]
    public void Parse_UnknownName_SaysWhatIsAccepted(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => KDevice.Parse(text));
        Assert.Contains(text, error.Message);
        Assert.Contains("cpu, ilgpu-cpu, cuda[:N] or opencl[:N]", error.Message);
    }

    [Fact]
    public void FromEnvironment_ReadsIlgpunetDevice_DefaultsToCpu()
    {
        var saved = Environment.GetEnvironmentVariable("ILGPUNET_DEVICE");
        try
        {
            Environment.SetEnvironmentVariable("ILGPUNET_DEVICE", "opencl:1");
            Assert.Equal(KDevice.OpenCl(1), KDevice.FromEnvironment());
            Environment.SetEnvironmentVariable("ILGPUNET_DEVICE", null);
            Assert.Equal(KDevice.Cpu, KDevice.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ILGPUNET_DEVICE", saved);
        }
    }

    [Fact]
    public void TensorOnAMissingDevice_ErrorListsWhatWasFound()
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => Tensor.Zeros([2], DType.Float32, KDevice.OpenCl(42)));
        Assert.StartsWith("opencl:42 is not available: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Devices found: cpu; ilgpu-cpu = ", error.Message);
        var cuda = Assert.Throws<DeviceUnavailableException>(() => Tensor.Zeros([2], DType.Float32, KDevice.Cuda(42)));
        Assert.StartsWith("cuda:42 is not available: ", cuda.Message, StringComparison.Ordinal);
    }
}
