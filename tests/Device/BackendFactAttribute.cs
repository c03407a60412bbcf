using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace IlgpuNet.Tests.Device;

/// <summary>Names the backend a parity test class runs on; the shared test methods live in an abstract base.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BackendAttribute(DeviceKind kind) : Attribute
{
    public DeviceKind Kind { get; } = kind;
}

/// <summary>
/// A fact that runs on the backend its class names with [Backend], and is skipped with the reason when that
/// device cannot be opened (no NVIDIA driver, an OpenCL device ILGPU refuses). ilgpu-cpu, ILGPU's CPU accelerator, is
/// always there: the kernels are tested on it everywhere, CI included.
/// </summary>
[XunitTestCaseDiscoverer("IlgpuNet.Tests.Device.BackendFactDiscoverer", "IlgpuNet.Tests.Device")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendFactAttribute : FactAttribute;

public sealed class BackendFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var backend = type.GetCustomAttributes(typeof(BackendAttribute), true).OfType<BackendAttribute>().FirstOrDefault();
        var reason = backend is null ? null : BackendAvailability.SkipReason(backend.Kind);
        if (reason is null)
        {
            yield return new XunitTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod);
        }
        else
        {
            yield return new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
        }
    }
}

/// <summary>A theory with the same rule as <see cref="BackendFactAttribute"/>: one skipped case with the reason when the device is absent.</summary>
[XunitTestCaseDiscoverer("IlgpuNet.Tests.Device.BackendTheoryDiscoverer", "IlgpuNet.Tests.Device")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendTheoryAttribute : TheoryAttribute;

public sealed class BackendTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    private readonly IMessageSink sink = sink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var backend = type.GetCustomAttributes(typeof(BackendAttribute), true).OfType<BackendAttribute>().FirstOrDefault();
        var reason = backend is null ? null : BackendAvailability.SkipReason(backend.Kind);
        if (reason is null)
        {
            return base.Discover(discoveryOptions, testMethod, theoryAttribute);
        }

        return [new XunitSkippedDataRowTestCase(sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}

public static class BackendAvailability
{
    /// <summary>Null when device 0 of that kind opens (or must be tested anyway), else why the tests skip.</summary>
    public static string? SkipReason(DeviceKind kind)
    {
        var device = new Kernels.Device(kind);
        if (kind == DeviceKind.IlgpuCpu || DeviceRegistry.TryOpen(device, out _))
        {
            return null;  // ilgpu-cpu always runs, and fails with the real error if it does not open
        }

        // the reason without the list of devices found: one short line in the test report
        return device.Kind == DeviceKind.Cuda ? IlgpuDevices.NoCudaReason() : $"{device} does not open under ILGPU";
    }
}
