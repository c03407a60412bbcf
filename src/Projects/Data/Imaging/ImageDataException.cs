namespace IlgpuNet.Data.Imaging;

/// <summary>
/// A file that is not a readable image: empty, truncated, corrupt, of an unknown format, or claiming a size too large
/// to decode. The message is one line that starts with the file (<c>photos/cut.jpg: truncated JPEG ...</c>).
/// </summary>
public sealed class ImageDataException : IOException
{
    public ImageDataException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        FilePath = source;
        Problem = problem;
    }

    /// <summary>The file (or "&lt;memory&gt;") the image was read from.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
