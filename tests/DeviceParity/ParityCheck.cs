using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>What one case gave on a device against the CPU.</summary>
public sealed record ParityReport(ParityCase Case, Device Device, IReadOnlyList<string> Mismatches, double MaxAbsoluteError)
{
    public bool Passed => Mismatches.Count == 0;
}

/// <summary>
/// Runs a case on the CPU and on a device and compares every named result element by element. Device buffers are
/// poisoned (filled with NaN bytes) when allocated during the run, so an output element a kernel fails to write
/// cannot pass by accident.
/// </summary>
public static class ParityCheck
{
    private const int ReportedPerOutput = 3;

    public static ParityReport Compare(ParityCase parityCase, Device device)
    {
        var expected = Materialize(parityCase.Run(new ParityInputs(Device.Cpu)));
        var backend = DeviceRegistry.Backend(device);
        bool poisoned = backend.PoisonNewBuffers;
        backend.PoisonNewBuffers = true;
        Dictionary<string, (DType, double[])> actual;
        try
        {
            actual = Materialize(parityCase.Run(new ParityInputs(device)));
        }
        finally
        {
            backend.PoisonNewBuffers = poisoned;
        }

        var mismatches = new List<string>();
        double maxError = 0;
        foreach (var (name, (dtype, cpu)) in expected)
        {
            if (!actual.TryGetValue(name, out var onDevice))
            {
                mismatches.Add($"{name}: missing on {device}");
                continue;
            }

            var (deviceType, values) = onDevice;
            if (deviceType != dtype || values.Length != cpu.Length)
            {
                mismatches.Add($"{name}: {dtype.Name()}[{cpu.Length}] on the cpu but {deviceType.Name()}[{values.Length}] on {device}");
                continue;
            }

            var tolerance = dtype.IsFloatingPoint() ? parityCase.Tolerance : Tolerance.Exact;
            int reported = 0;
            for (int i = 0; i < cpu.Length; i++)
            {
                double e = cpu[i], a = values[i], error = Math.Abs(e - a);
                bool ok = (double.IsNaN(e) && double.IsNaN(a)) || e == a || error <= tolerance.Absolute + tolerance.Relative * Math.Abs(e);
                if (!double.IsNaN(error))
                {
                    maxError = Math.Max(maxError, error);
                }

                if (!ok && reported++ < ReportedPerOutput)
                {
                    mismatches.Add($"{name}[{i}]: cpu {e:R}, {device} {a:R} ({tolerance})");
                }
            }

            if (reported > ReportedPerOutput)
            {
                mismatches.Add($"{name}: {reported - ReportedPerOutput} more elements differ");
            }
        }

        return new ParityReport(parityCase, device, mismatches, maxError);
    }

    private static Dictionary<string, (DType, double[])> Materialize(IReadOnlyDictionary<string, Tensor> results)
        => results.ToDictionary(r => r.Key, r => (r.Value.DType, r.Value.ToDoubleArray()));
}
