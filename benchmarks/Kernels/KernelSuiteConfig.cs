using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace IlgpuNet.Benchmarks.Kernels;

/// <summary>
/// The job and throughput columns the kernel suites share. A suite names the floating-point operations and/or the
/// bytes one call of a case must do; the columns divide them by the mean time (GFLOP/s, GB/s).
/// </summary>
public abstract class KernelSuiteConfig : ManualConfig
{
    protected KernelSuiteConfig(Func<BenchmarkCase, double?>? flops = null, Func<BenchmarkCase, double?>? bytes = null)
    {
        // Short run (one launch, 1 warm-up and 3 measured iterations): the suites hold about two hundred cases, and at
        // the seed models' shapes some take tens of seconds per call on PoCL, so BenchmarkDotNet's default (15-100
        // iterations per case) would run for hours on the 2-core machine. The jitting call before the warm-up already
        // runs each case once; 3 iterations still give a standard deviation to judge each mean by.
        // In process: each device is opened and its kernels compiled once instead of once per case, and no SDK is
        // needed, so a self-contained publish carries the suites to a GPU machine. The time limit per case is raised
        // from the in-process default (5 minutes) for the slowest PoCL cases.
        var toolchain = new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true);
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithToolchain(toolchain).WithId("Short-InProcess"));
        // shape names such as "resnet18 layer4 1x1/2 dW 512x512 @ (256x512)^T" in full (the default cuts them at 20)
        WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(64));
        if (flops is not null)
        {
            AddColumn(new ThroughputColumn("GFLOP/s", "floating-point operations of one call (multiply-add = 2) / mean time", flops));
        }

        if (bytes is not null)
        {
            AddColumn(new ThroughputColumn("GB/s", "bytes one call must read and write (float32) / mean time", bytes));
        }
    }
}
