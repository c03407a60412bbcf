using System.Security.Cryptography;
using System.Text;

namespace IlgpuNet.Kernels.Cuda;

/// <summary>
/// Compiled PTX on disk, keyed by SHA-256 of (source, options, architecture), so NVRTC runs once per kernel file
/// per GPU architecture per source change. Location: $ILGPUNET_CACHE, else ~/.cache/ilgpunet/kernels.
/// A cache that cannot be written only costs a recompile.
/// </summary>
internal static class PtxCache
{
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ILGPUNET_CACHE");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured;
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "ilgpunet", "kernels");
        }
    }

    public static string Key(string source, IReadOnlyList<string> options, string architecture)
    {
        var text = source + "\n--options--\n" + string.Join('\n', options) + "\n--arch--\n" + architecture;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static byte[] GetOrCompile(string name, string source, IReadOnlyList<string> options, string architecture)
    {
        var path = Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(name)}-{Key(source, options, architecture)}.ptx");
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var ptx = NvrtcApi.CompileToPtx(source, name, options);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, ptx);
            File.Move(temporary, path, overwrite: true);  // atomic, so a concurrent reader never sees half a file
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ptx;
    }
}
