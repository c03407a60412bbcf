using System.Reflection;

namespace IlgpuNet.Tests.Projects;

/// <summary>An assembly and every assembly it references, directly or not, that is not part of .NET itself.</summary>
internal static class AssemblyClosure
{
    private static readonly string RuntimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    public static IReadOnlyList<Assembly> Of(Assembly root)
    {
        var found = new Dictionary<string, Assembly>();
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            if (IsFramework(assembly) || !found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var name in assembly.GetReferencedAssemblies())
            {
                pending.Enqueue(Assembly.Load(name));
            }
        }

        return [.. found.Values];
    }

    /// <summary>The assemblies of the shared framework (System.*, netstandard, ...): what any .NET program can reference.</summary>
    public static IEnumerable<string> FrameworkPaths() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == RuntimeDirectory);

    private static bool IsFramework(Assembly assembly) => Path.GetDirectoryName(assembly.Location) == RuntimeDirectory;
}
