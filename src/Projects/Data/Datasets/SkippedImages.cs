using System.Collections.Concurrent;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// The files a data set left out because they could not be decoded (what <c>--skip-bad-images</c> asks for): each file
/// with its problem, once however often it was met. Without this a bad file stops the run with one line naming it.
/// Safe to add to from parallel readers.
/// </summary>
public sealed class SkippedImages
{
    /// <summary>The file the list is written to, in the run folder.</summary>
    public const string FileName = "skipped_images.txt";

    private readonly ConcurrentDictionary<string, string> files = new(StringComparer.Ordinal);

    public int Count => files.Count;

    /// <summary>The skipped files sorted by path, each with what is wrong with it.</summary>
    public IReadOnlyList<(string Path, string Problem)> Files =>
        files.Select(f => (f.Key, f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

    public void Add(InvalidFileException error) => files.TryAdd(error.FilePath, error.Problem);

    /// <summary>Writes one "path: problem" line per file.</summary>
    public void WriteList(string path) => File.WriteAllLines(path, Files.Select(f => $"{f.Path}: {f.Problem}"));
}
