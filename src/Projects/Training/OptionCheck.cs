using System.Globalization;

namespace IlgpuNet.Training;

/// <summary>
/// A command's options checked before any work starts. Each rule that fails adds one line naming the option and the
/// value given (<c>--batch-size 0: must be a whole number of at least 1</c>); <see cref="ThrowIfAny"/> then throws them
/// all at once. The rules are the option types every study shares (positive counts, rates, existing files and
/// folders, a creatable output folder, a value from a fixed set), so each study states its options' rules in one line each.
/// </summary>
public sealed class OptionCheck
{
    private readonly List<string> problems = [];

    public IReadOnlyList<string> Problems => problems;

    /// <summary>--epochs at least 1, --out creatable, --data (when given) an existing, readable, non-empty folder.</summary>
    public OptionCheck Settings(RunSettings settings) =>
        Positive("--epochs", settings.Epochs).OutputFolder("--out", settings.OutDirectory).ExistingFolder("--data", settings.DataDirectory);

    public OptionCheck Positive(string option, int value) => AtLeast(option, value, 1);

    /// <summary>Nothing to check when the option was not given (null).</summary>
    public OptionCheck Positive(string option, int? value) => value is int given ? Positive(option, given) : this;

    public OptionCheck AtLeast(string option, int value, int minimum) =>
        Require(value >= minimum, option, value, minimum == 0 ? "must be a whole number, 0 or more" : $"must be a whole number of at least {minimum}");

    public OptionCheck Positive(string option, double value) => Require(double.IsFinite(value) && value > 0, option, value, "must be a number greater than 0");

    public OptionCheck Positive(string option, double? value) => value is double given ? Positive(option, given) : this;

    public OptionCheck InRange(string option, double value, double low, double high) =>
        Require(value >= low && value <= high, option, value, $"must be between {Format(low)} and {Format(high)}");

    public OptionCheck OneOf<T>(string option, T value, IReadOnlyCollection<T> allowed) =>
        Require(allowed.Contains(value), option, value, $"must be one of {string.Join(", ", allowed)}");

    /// <summary>An existing, readable file (nothing to check when null).</summary>
    public OptionCheck ExistingFile(string option, string? path) => path == null ? this : Add(option, path, FileProblem(path));

    /// <summary>An existing, readable folder with something in it (nothing to check when null).</summary>
    public OptionCheck ExistingFolder(string option, string? path) => path == null ? this : Add(option, path, FolderProblem(path));

    /// <summary>An existing file, or a folder as <see cref="ExistingFolder"/> wants it.</summary>
    public OptionCheck ExistingFileOrFolder(string option, string path) =>
        Add(option, path, Directory.Exists(path) ? FolderProblem(path) : FileProblem(path));

    /// <summary>A folder that exists or can be created: not empty text, not a file, under a folder this user may write to.</summary>
    public OptionCheck OutputFolder(string option, string path) => Add(option, path, OutputProblem(path, folder: true));

    /// <summary>A file that can be written: its folder exists or can be created, and it ends with one of <paramref name="extensions"/>.</summary>
    public OptionCheck OutputFile(string option, string path, IReadOnlyCollection<string> extensions)
    {
        if (path.Length > 0 && !extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
        {
            return Add(option, path, $"cannot write '{Path.GetExtension(path)}' files; use one of {string.Join(", ", extensions)}");
        }

        return Add(option, path, path.Length == 0 ? "empty path" : Directory.Exists(path) ? "is a folder, not a file" : OutputProblem(Path.GetDirectoryName(Path.GetFullPath(path))!, folder: true));
    }

    /// <summary>A problem found by a study's own rule (a line naming the option and the value).</summary>
    public OptionCheck Add(string problem)
    {
        problems.Add(problem);
        return this;
    }

    /// <exception cref="InvalidOptionsException">Every problem found, one line each.</exception>
    public void ThrowIfAny()
    {
        if (problems.Count > 0)
        {
            throw new InvalidOptionsException(problems);
        }
    }

    private OptionCheck Require<T>(bool ok, string option, T value, string rule) => ok ? this : Add(option, Format(value), rule);

    private OptionCheck Add(string option, string value, string? problem) => problem == null ? this : Add($"{option} {Quote(value)}: {problem}");

    private static string Format<T>(T value) => value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";

    private static string Quote(string value) => value.Length == 0 || value.Any(char.IsWhiteSpace) ? $"'{value}'" : value;

    private static string? FileProblem(string path)
    {
        if (path.Length == 0)
        {
            return "empty path";
        }

        if (Directory.Exists(path))
        {
            return "is a folder, not a file";
        }

        if (!File.Exists(path))
        {
            return "no such file";
        }

        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"cannot be read ({e.Message})";
        }
    }

    private static string? FolderProblem(string path)
    {
        if (path.Length == 0)
        {
            return "empty path";
        }

        if (File.Exists(path))
        {
            return "is a file, not a folder";
        }

        if (!Directory.Exists(path))
        {
            return "no such folder";
        }

        try
        {
            return Directory.EnumerateFileSystemEntries(path).Any() ? null : "the folder is empty";
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"cannot be read ({e.Message})";
        }
    }

    private static string? OutputProblem(string path, bool folder)
    {
        if (path.Length == 0)
        {
            return "empty path";
        }

        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return folder ? "is a file, not a folder" : null;
        }

        // the nearest folder that exists must be one this user can create entries in
        string? existing = full;
        while (existing != null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"cannot be created: {existing} is a file";
            }

            existing = Path.GetDirectoryName(existing);
        }

        if (existing == null)
        {
            return "cannot be created: no part of the path exists";
        }

        string probe = Path.Combine(existing, $".ilgpunet-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"cannot write into {existing} ({e.Message})";
        }
    }
}
