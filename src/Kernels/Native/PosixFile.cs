using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Native;

/// <summary>
/// What .NET's file API cannot do on Linux: flush a directory, so that a rename into it survives a power loss
/// (FileStream refuses to open a directory). A no-op on Windows, where a rename is durable once it returns.
/// </summary>
public static partial class PosixFile
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int DirectoryOnly = 0x10000; // O_DIRECTORY (Linux)

    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = open(directory, ReadOnly | (OperatingSystem.IsLinux() ? DirectoryOnly : 0));
        if (descriptor < 0)
        {
            throw new IOException($"{directory}: cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            // EINVAL: the file system cannot flush folders (some network and virtual ones); the rename stands anyway
            if (fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is int error && error != 22)
            {
                throw new IOException($"{directory}: flushing the folder failed (errno {error})");
            }
        }
        finally
        {
            _ = close(descriptor);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int descriptor);

    [LibraryImport("libc")]
    private static partial int close(int descriptor);
}
