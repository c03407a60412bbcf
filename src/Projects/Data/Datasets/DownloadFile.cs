namespace IlgpuNet.Data.Datasets;

/// <summary>One file of a data set: where it is published, its SHA-256 (null when no published hash could be confirmed), and whether to unpack it.</summary>
public sealed record DownloadFile(string Url, string? Sha256, bool Extract = false)
{
    public string FileName => Path.GetFileName(new Uri(Url, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(Url).LocalPath : Url);
}
