namespace IlgpuNet.Data.Datasets;

/// <summary>
/// Finds a data set by name. With a --data folder, only that folder is searched: the data set's relative folders inside
/// it (e.g. "fashion-mnist"), then the folder itself, and a folder that is missing, empty or unreadable is an error naming
/// it — never a quiet fall-back to data found elsewhere. Without --data the roots are, in order, $ILGPUNET_DATA,
/// ~/.cache/ilgpunet, then the known system locations (../shared/data beside the checkout on the course machines,
/// /usr/share/datasets for Debian's dataset-* packages).
/// </summary>
public sealed class DatasetLocator
{
    public const string EnvironmentVariable = "ILGPUNET_DATA";

    public static readonly IReadOnlyList<string> SystemLocations = [Path.GetFullPath(Path.Combine("..", "shared", "data")), "/usr/share/datasets"];

    private readonly IReadOnlyList<string> systemLocations;

    /// <param name="dataDirectory">The --data option: when given, the only folder searched.</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    /// <param name="homeDirectory">Home for ~/.cache/ilgpunet (tests pass their own).</param>
    /// <param name="systemLocations">Replaces <see cref="SystemLocations"/> (tests pass an empty list).</param>
    public DatasetLocator(
        string? dataDirectory = null, Func<string, string?>? environment = null, string? homeDirectory = null,
        IReadOnlyList<string>? systemLocations = null)
    {
        DataDirectory = dataDirectory;
        EnvironmentRoot = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        HomeDirectory = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        this.systemLocations = systemLocations ?? SystemLocations;
    }

    public string? DataDirectory { get; }

    public string? EnvironmentRoot { get; }

    public string HomeDirectory { get; }

    /// <summary>Where <c>ilgpunet data get</c> puts downloads when no --data is given.</summary>
    public string CacheRoot => Path.Combine(HomeDirectory, ".cache", "ilgpunet");

    /// <summary>Roots searched, in order, with a label saying where each came from.</summary>
    public IReadOnlyList<(string Root, string Origin)> Roots
    {
        get
        {
            var roots = new List<(string, string)>();
            if (DataDirectory != null)
            {
                return [(DataDirectory, "--data")]; // the folder the user named is the folder used
            }

            if (!string.IsNullOrEmpty(EnvironmentRoot))
            {
                roots.Add((EnvironmentRoot, "$" + EnvironmentVariable));
            }

            roots.Add((CacheRoot, "cache"));
            roots.AddRange(systemLocations.Select(location => (location, "system")));
            return roots;
        }
    }

    /// <summary>Every folder that would be checked for <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> Candidates(string name)
    {
        var info = DatasetRegistry.Get(name);
        var inRoots = Roots.SelectMany(root => info.RelativePaths.Select(relative => Path.Combine(root.Root, relative)));
        return (DataDirectory != null ? inRoots.Append(DataDirectory) : inRoots).Distinct().ToArray();
    }

    public bool TryLocate(string name, out string folder)
    {
        var info = DatasetRegistry.Get(name);
        foreach (var candidate in Candidates(name))
        {
            if (Directory.Exists(candidate) && IsPresent(info, candidate))
            {
                folder = candidate;
                return true;
            }
        }

        folder = "";
        return false;
    }

    /// <exception cref="DatasetNotFoundException">Names every folder looked at and how to get the data set.</exception>
    public string Locate(string name)
    {
        if (TryLocate(name, out var folder))
        {
            return folder;
        }

        var info = DatasetRegistry.Get(name);
        var searched = Candidates(name);
        if (DataDirectory != null)
        {
            string problem = !Directory.Exists(DataDirectory) ? "no such folder"
                : $"holds no '{info.Name}' data set (looked in {string.Join(", ", searched)}); " +
                  (WithoutDataDirectory().TryLocate(name, out var elsewhere)
                      ? $"leave out --data to use the one in {elsewhere}"
                      : info.HowToGet);
            throw new DatasetNotFoundException(info.Name, searched, $"--data {DataDirectory}: {problem}");
        }

        string message = $"data set '{info.Name}' not found. Looked in:\n" +
            string.Join("\n", searched.Select(path => "  " + path)) +
            $"\nTo get it: {info.HowToGet}. Then point --data or ${EnvironmentVariable} at the folder that holds '{info.RelativePaths[0]}'.";
        throw new DatasetNotFoundException(info.Name, searched, message);
    }

    /// <summary>The search a run without --data would make, for a hint where the data set is after all.</summary>
    private DatasetLocator WithoutDataDirectory() =>
        new(null, name => name == EnvironmentVariable ? EnvironmentRoot : null, HomeDirectory, systemLocations);

    private static bool IsPresent(DatasetInfo info, string folder)
    {
        try
        {
            return info.IsPresent(folder);
        }
        catch (UnauthorizedAccessException)
        {
            return false; // an unreadable folder holds nothing this run can use
        }
    }
}
