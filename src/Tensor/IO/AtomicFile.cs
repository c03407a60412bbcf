using System.Text;
using IlgpuNet.Kernels.Native;

namespace IlgpuNet.Tensors.IO;

/// <summary>
/// Every file the engine and the projects write goes through here: the contents go to a temporary file beside the
/// target, which is flushed to disk, renamed over the target, and the folder is flushed so the rename itself is
/// durable. A crash, a kill -9 or an error mid-write leaves the previous file as it was; on an error the temporary
/// file is removed (a killed process leaves its <c>.NAME.*.tmp</c> behind, never a half target).
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents) => Write(path, stream => stream.Write(Utf8.GetBytes(contents)));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var bytes = contents.ToArray();
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>A copy of <paramref name="source"/> at <paramref name="path"/>, written as any other file here.</summary>
    public static void Copy(string source, string path) => Write(path, stream =>
    {
        using var input = File.OpenRead(source);
        input.CopyTo(stream);
    });

    /// <param name="wrapStream">Wraps the file stream (tests make writes fail through it).</param>
    public static void Write(string path, Action<Stream> writeContents, Func<Stream, Stream>? wrapStream = null)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var stream = wrapStream?.Invoke(file) ?? file;
                writeContents(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        PosixFile.FlushDirectory(folder);
    }
}
