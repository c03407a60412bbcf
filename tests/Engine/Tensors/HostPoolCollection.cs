namespace IlgpuNet.Tests.Engine.Tensors;

/// <summary>
/// Tests that check which array the host pool hands out next run one at a time: a test running beside them could
/// take that array first.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostPoolCollection
{
    public const string Name = "host tensor pool";
}
