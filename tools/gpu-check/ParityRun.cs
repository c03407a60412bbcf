using System.Diagnostics;
using IlgpuNet.DeviceParity;
using IlgpuNet.Kernels;

namespace IlgpuNet.GpuCheck;

public sealed record CaseResult(string Name, bool Passed, double MaxAbsoluteError, IReadOnlyList<string> Mismatches, double Seconds);

public sealed record TrainingResult(double[] CpuLosses, double[] DeviceLosses, IReadOnlyList<string> Disagreements)
{
    public bool Passed => Disagreements.Count == 0;
}

public sealed record TransferResult(long StepUploads, long StepDownloads, long ItemUploads, long ItemDownloads)
{
    public bool Passed => (StepUploads, StepDownloads, ItemUploads, ItemDownloads) == (0, 0, 0, 1);
}

/// <summary>The parity catalogue, the training curve and the host-transfer check on one device, printed as they run.</summary>
public static class ParityRun
{
    public static IReadOnlyList<CaseResult> Cases(Device device)
    {
        Console.WriteLine($"parity: {ParityCases.All.Count} cases against the cpu");
        var results = new List<CaseResult>();
        foreach (var parityCase in ParityCases.All)
        {
            var clock = Stopwatch.StartNew();
            CaseResult result;
            try
            {
                var report = ParityCheck.Compare(parityCase, device);
                result = new CaseResult(parityCase.Name, report.Passed, report.MaxAbsoluteError, report.Mismatches, clock.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                result = new CaseResult(parityCase.Name, false, double.NaN, [$"{e.GetType().Name}: {e.Message}"], clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"  {(result.Passed ? "pass" : "FAIL")}  {parityCase.Name} (max |error| {result.MaxAbsoluteError:G3}, {parityCase.Tolerance})");
            foreach (var mismatch in result.Mismatches)
            {
                Console.WriteLine($"        {mismatch}");
            }

            results.Add(result);
        }

        Console.WriteLine($"parity: {results.Count(r => r.Passed)} of {results.Count} passed");
        return results;
    }

    public static TrainingResult Training(Device device, int steps = 12)
    {
        var cpu = TrainingRun.Losses(Device.Cpu, steps);
        var onDevice = TrainingRun.Losses(device, steps);
        var result = new TrainingResult(cpu, onDevice, TrainingRun.Disagreements(cpu, onDevice));
        Console.WriteLine($"training curve ({steps} Adam steps, relative tolerance {TrainingRun.RelativeTolerance}): {(result.Passed ? "pass" : "FAIL")}");
        for (int i = 0; i < steps; i++)
        {
            Console.WriteLine($"  step {i,2}: cpu {cpu[i]:F6}  {device} {onDevice[i]:F6}");
        }

        return result;
    }

    public static TransferResult Transfers(Device device)
    {
        var (stepUp, stepDown, itemUp, itemDown) = TrainingRun.HostTransfers(device);
        var result = new TransferResult(stepUp, stepDown, itemUp, itemDown);
        Console.WriteLine($"host transfers: training step {stepUp} up / {stepDown} down, loss.Item() {itemUp} up / {itemDown} down: {(result.Passed ? "pass" : "FAIL")}");
        return result;
    }
}
