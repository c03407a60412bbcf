using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using KDevice = IlgpuNet.Kernels.Device;

namespace IlgpuNet.Tests.Device;

[Backend(DeviceKind.IlgpuCpu)]
[Collection("device")]
public sealed class IlgpuCpuKernelParityTests : KernelParityTests
{
    protected override KDevice Device => KDevice.IlgpuCpu;
}

/// <summary>
/// The same tests on ILGPU's CPU accelerator launched as on a GPU: 64-thread groups for the 1-D and group-per-row
/// kernels (group reductions across many threads) and the tiled GEMM (shared memory, barriers). The GPU's code
/// paths run in CI this way, slowly.
/// </summary>
[Backend(DeviceKind.IlgpuCpu)]
[Collection("device")]
public sealed class IlgpuCpuGpuShapedKernelParityTests : KernelParityTests
{
    private static readonly DeviceKernels GpuShaped = DeviceRegistry.OpenWithGpuLaunchShapes(KDevice.IlgpuCpu);

    protected override KDevice Device => KDevice.IlgpuCpu;

    protected override DeviceKernels K => GpuShaped;
}

[Backend(DeviceKind.OpenCl)]
[Collection("device")]
public sealed class OpenClKernelParityTests : KernelParityTests
{
    protected override KDevice Device => KDevice.OpenCl(0);
}

[Backend(DeviceKind.Cuda)]
[Collection("device")]
public sealed class CudaKernelParityTests : KernelParityTests
{
    protected override KDevice Device => KDevice.Cuda(0);
}

/// <summary>
/// Every device kernel against a CPU reference computed here (double where it matters) on random inputs with odd
/// sizes. Output buffers are filled with NaN first, so an element a kernel fails to write fails the comparison.
/// Subclasses pick the backend; tests skip with the reason when it is absent.
/// </summary>
public abstract partial class KernelParityTests
{
    protected abstract KDevice Device { get; }

    protected virtual DeviceKernels K => DeviceRegistry.Kernels(Device);

    protected static float[] Random(int n, int seed, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = low + (high - low) * random.NextSingle();
        }

        return values;
    }

    protected DeviceBuffer Upload(float[] data) => K.Backend.Upload(data);

    protected DeviceBuffer UploadLong(long[] data)
    {
        var buffer = K.Backend.Allocate(DType.Int64, data.Length);
        buffer.Upload<long>(data);
        return buffer;
    }

    /// <summary>A Float32 buffer full of NaN.</summary>
    protected DeviceBuffer Poisoned(long n)
    {
        var buffer = K.Backend.Allocate(DType.Float32, n);
        buffer.Upload<float>(Enumerable.Repeat(float.NaN, (int)n).ToArray());
        return buffer;
    }

    protected static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = (double.IsNaN(e) && double.IsNaN(a)) || (double.IsInfinity(e) && e == a) || Math.Abs(e - a) <= atol + rtol * Math.Abs(e);
            Assert.True(ok, $"{what}: element {i} expected {e:R} got {a:R} (atol {atol}, rtol {rtol})");
        }
    }

    protected static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double atol, double rtol, string what)
        => AssertClose(expected.Select(v => (float)v).ToArray(), actual, atol, rtol, what);

    /// <summary>erf in double by its Maclaurin series (exact enough for float tests for abs(x) up to 5).</summary>
    protected static double Erf(double x)
    {
        // Series for |x| < 3 converges fast in double; beyond, erf is 1 to double precision of a float test.
        if (Math.Abs(x) > 5)
        {
            return Math.Sign(x);
        }

        double sum = x, term = x, x2 = x * x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17)
            {
                break;
            }
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
