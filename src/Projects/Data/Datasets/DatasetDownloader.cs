using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// <c>ilgpunet data get NAME</c>: fetches each file of a registered data set into a temporary file, checks its SHA-256,
/// renames it into place, and unpacks .tar.gz / .tgz / .tar archives (or decompresses a lone .gz) when asked. A file
/// whose hash is unknown is kept only with <c>trustUnverified</c>; its computed hash is printed either way.
/// </summary>
public sealed class DatasetDownloader(IDownloadSource source, TextWriter? log = null)
{
    private readonly TextWriter log = log ?? TextWriter.Null;

    /// <returns>The folder the data set now lives in: <paramref name="destinationRoot"/>/<c>RelativePaths[0]</c>'s first segment.</returns>
    public async Task<string> GetAsync(
        DatasetInfo dataset, string destinationRoot, bool trustUnverified = false, CancellationToken cancellation = default)
    {
        if (dataset.Files.Count == 0)
        {
            throw new NotSupportedException($"'{dataset.Name}' has no canonical download; {dataset.HowToGet}");
        }

        string folder = Path.Combine(destinationRoot, dataset.RelativePaths[0].Split('/')[0]);
        Directory.CreateDirectory(folder);
        foreach (var file in dataset.Files)
        {
            string target = Path.Combine(folder, file.FileName);
            if (File.Exists(target) && file.Sha256 != null && string.Equals(await HashFileAsync(target, cancellation), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                log.WriteLine($"{file.FileName}: already present and verified");
            }
            else
            {
                await DownloadAsync(file, target, trustUnverified, cancellation);
            }

            if (file.Extract)
            {
                Extract(target, folder);
            }
        }

        return folder;
    }

    private async Task DownloadAsync(DownloadFile file, string target, bool trustUnverified, CancellationToken cancellation)
    {
        string temporary = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            log.WriteLine($"downloading {file.Url}");
            string actual;
            await using (var input = await source.OpenAsync(file.Url, cancellation))
            await using (var output = File.Create(temporary))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellation)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            log.WriteLine($"{file.FileName}: SHA-256 {actual}");
            if (file.Sha256 == null)
            {
                if (!trustUnverified)
                {
                    throw new InvalidDataException(
                        $"{file.FileName}: no published SHA-256 is recorded for {file.Url}; the download hashes to {actual}. " +
                        "Re-run with --trust-unverified to keep it.");
                }
            }
            else if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{file.FileName}: SHA-256 {actual} does not match the expected {file.Sha256}; download discarded");
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Unpacks by name: .tar.gz/.tgz and .tar into <paramref name="folder"/>; a lone .gz beside itself without the suffix.</summary>
    public static void Extract(string archive, string folder)
    {
        string name = archive.ToLowerInvariant();
        if (name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal))
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            TarFile.ExtractToDirectory(gzip, folder, overwriteFiles: true); // refuses entries that escape the folder
        }
        else if (name.EndsWith(".tar", StringComparison.Ordinal))
        {
            TarFile.ExtractToDirectory(archive, folder, overwriteFiles: true);
        }
        else if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var output = File.Create(Path.Combine(folder, Path.GetFileNameWithoutExtension(archive)));
            gzip.CopyTo(output);
        }
        else
        {
            throw new NotSupportedException($"{archive}: cannot unpack; supported: .tar.gz, .tgz, .tar, .gz");
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellation)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellation));
    }
}
