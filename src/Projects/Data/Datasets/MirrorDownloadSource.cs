namespace IlgpuNet.Data.Datasets;

/// <summary>Serves every URL from a local folder by its file name: an offline mirror, or test data.</summary>
public sealed class MirrorDownloadSource(string folder) : IDownloadSource
{
    public Task<Stream> OpenAsync(string url, CancellationToken cancellation)
    {
        string path = Path.Combine(folder, new DownloadFile(url, null).FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"mirror {folder} has no {Path.GetFileName(path)} (for {url})", path);
        }

        return Task.FromResult<Stream>(File.OpenRead(path));
    }
}
