using System.Reflection;
using IlgpuNet.Classification.Quickstart;
using IlgpuNet.Colourization;
using IlgpuNet.Composite;
using IlgpuNet.Detection;
using IlgpuNet.Nerf;
using IlgpuNet.SuperResolution;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects;

/// <summary>
/// The project libraries depend downwards only: none reaches the command-line program or its console packages, and
/// none reaches another project library (what they share lives in IlgpuNet.Training and below).
/// </summary>
public class LibraryDependencyTests
{
    private static readonly string[] ProjectLibraries = ["IlgpuNet.Classification", "IlgpuNet.Colourization", "IlgpuNet.Composite", "IlgpuNet.Detection", "IlgpuNet.SuperResolution", "IlgpuNet.Nerf"];

    private static readonly string[] CommandLineOnly = ["ilgpunet", "Spectre.Console", "System.CommandLine"];

    public static TheoryData<Type> EntryTypes => new() { typeof(QuickstartExperiment), typeof(ColourizationExperiment), typeof(CompositeExperiment), typeof(DetectionExperiment), typeof(SuperResolutionStudy), typeof(NerfStudy), typeof(TrainingStage) };

    [Theory]
    [MemberData(nameof(EntryTypes))]
    public void ProjectLibrary_ReachesNeitherTheCliNorAnotherProject(Type entryType)
    {
        var library = entryType.Assembly;
        var reached = AssemblyClosure.Of(library).Select(a => a.GetName().Name!).ToList();

        Assert.Contains("IlgpuNet.Training", reached);
        Assert.Contains("IlgpuNet.Layers", reached);
        var forbidden = CommandLineOnly.Concat(ProjectLibraries.Where(name => name != library.GetName().Name));
        Assert.Empty(reached.Intersect(forbidden));
    }

    [Fact]
    public void Cli_ReachesEveryProjectLibrary()
    {
        // the check above means something only if the closure does see project libraries where they are referenced
        var reached = AssemblyClosure.Of(Assembly.Load("ilgpunet")).Select(a => a.GetName().Name!).ToList();
        Assert.Superset(ProjectLibraries.Append("IlgpuNet.Training").Append("Spectre.Console").ToHashSet(), reached.ToHashSet());
    }
}
