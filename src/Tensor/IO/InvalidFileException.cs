namespace IlgpuNet.Tensors.IO;

/// <summary>
/// What every reader of the project's file formats throws for a file it cannot use (corrupt, truncated, of another
/// kind, or holding what the reader does not load): the message starts with the file and names the problem, and the
/// byte where that helps. Readers throw nothing else for bad contents, so a caller needs one catch for them all
/// (.NET's InvalidDataException is sealed, hence a type of the project's own).
/// </summary>
public sealed class InvalidFileException : Exception
{
    public InvalidFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file (or source name) the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>The message without the file name.</summary>
    public string Problem { get; }
}
