using IlgpuNet.Benchmarks.Compare;

namespace IlgpuNet.Tests.Benchmarks;

public class TorchProbeTests
{
    private static TorchProbe Probe(string? blasCore)
        => new("/usr/bin/python3", "1.13.0", blasCore, null, "oneDNN on", "AVX2");

    [Fact]
    public void PyTorchOnOpenBlasIsAFairYardstick() => Assert.Null(Probe("Cooperlake").Problem);

    [Fact]
    public void PyTorchOnAnotherBlasIsRefusedWithWhatToInstall()
    {
        var problem = Probe(null).Problem;

        Assert.NotNull(problem);
        Assert.Contains("/usr/bin/python3", problem);
        Assert.Contains("install libopenblas0-pthread", problem);
        Assert.DoesNotContain('\n', problem);
    }
}
