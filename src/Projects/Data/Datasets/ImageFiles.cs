namespace IlgpuNet.Data.Datasets;

/// <summary>Image file discovery shared by the folder data sets: sorted like Python (ordinal), extension filter ignoring case.</summary>
internal static class ImageFiles
{
    public static IReadOnlyList<string> Find(string folder, IReadOnlyList<string> extensions, bool recursive)
    {
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        return Directory.EnumerateFiles(folder, "*", option)
            .Where(file => extensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
