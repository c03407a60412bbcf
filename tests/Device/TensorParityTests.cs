using IlgpuNet.DeviceParity;
using IlgpuNet.Kernels;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

[Backend(DeviceKind.IlgpuCpu)]
[Collection("device")]
public sealed class IlgpuCpuTensorParityTests : TensorParityTests
{
    protected override KDevice Device => KDevice.IlgpuCpu;
}

[Backend(DeviceKind.OpenCl)]
[Collection("device")]
public sealed class OpenClTensorParityTests : TensorParityTests
{
    protected override KDevice Device => KDevice.OpenCl(0);
}

[Backend(DeviceKind.Cuda)]
[Collection("device")]
public sealed class CudaTensorParityTests : TensorParityTests
{
    protected override KDevice Device => KDevice.Cuda(0);
}

/// <summary>
/// Every case of <see cref="ParityCases"/> — each op of the engine and the layers through the Tensor API, forward
/// and gradients — on the device against the CPU backend, with the tolerance the case states (integer outputs
/// exactly). Device buffers are poisoned with NaN when allocated, so an unwritten element fails.
/// </summary>
public abstract class TensorParityTests
{
    protected abstract KDevice Device { get; }

    public static TheoryData<string> CaseNames() => new(ParityCases.All.Select(c => c.Name));

    [BackendTheory]
    [MemberData(nameof(CaseNames))]
    public void Op_OnDevice_MatchesCpu(string name)
    {
        var report = ParityCheck.Compare(ParityCases.Named(name), Device);
        Assert.True(report.Passed, $"{name} on {Device}:\n" + string.Join("\n", report.Mismatches));
    }
}
