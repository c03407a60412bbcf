namespace IlgpuNet.Tests.Projects;

/// <summary>
/// Runner tests redirect the process-wide console and seed the process-wide generator, so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console and global generator";
}
