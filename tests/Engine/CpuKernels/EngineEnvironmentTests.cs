using IlgpuNet.Kernels.Cpu;
using Xunit;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// The backend's environment variables: usable values are read, unusable ones are named in one line that the
/// programs print before refusing to start. Sets process-wide variables, so it shares the Denormals tests' serial collection.
/// </summary>
[Collection(DenormalsCollection.Name)]
public class EngineEnvironmentTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("3", null, 3, null)]
    [InlineData("", "", null, null)]
    [InlineData(null, "keep", null, null)]
    [InlineData("0", null, null, "ILGPUNET_THREADS must be a positive integer (the CPU worker count), got '0'")]
    [InlineData("-2", null, null, "ILGPUNET_THREADS must be a positive integer (the CPU worker count), got '-2'")]
    [InlineData("two", null, null, "ILGPUNET_THREADS must be a positive integer (the CPU worker count), got 'two'")]
    [InlineData(null, "kep", null, "ILGPUNET_DENORMALS must be 'keep' (subnormal floats kept in the CPU kernels) or unset, got 'kep'")]
    public void Problem_NamesTheVariableAndItsValue_OnlyWhenTheBackendCannotUseIt(string? threads, string? denormals, int? workers, string? problem)
    {
        string? savedThreads = Environment.GetEnvironmentVariable(EngineEnvironment.ThreadsVariable);
        string? savedDenormals = Environment.GetEnvironmentVariable(EngineEnvironment.DenormalsVariable);
        try
        {
            Environment.SetEnvironmentVariable(EngineEnvironment.ThreadsVariable, threads);
            Environment.SetEnvironmentVariable(EngineEnvironment.DenormalsVariable, denormals);
            Assert.Equal(problem, EngineEnvironment.Problem());
            Assert.Equal(workers, EngineEnvironment.Threads);
            Assert.Equal(denormals != "keep", EngineEnvironment.FlushDenormals);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngineEnvironment.ThreadsVariable, savedThreads);
            Environment.SetEnvironmentVariable(EngineEnvironment.DenormalsVariable, savedDenormals);
        }
    }
}
