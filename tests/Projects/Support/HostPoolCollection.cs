namespace IlgpuNet.Tests.Projects;

/// <summary>
/// Tests that count the host tensor pool's allocated bytes, a process-wide figure, run one at a time so that no other
/// test's tensors come and go while they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostPoolCollection
{
    public const string Name = "host tensor pool";
}
