using System.Text;

namespace IlgpuNet.Reporting;

/// <summary>Writes a whole file under a temporary name, then renames it: a crash mid-write never leaves a half file behind.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents)));

    public static void Write(string path, Action<Stream> writeContents)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var file = File.Create(temporary))
        {
            writeContents(file);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
