namespace IlgpuNet.Data.Datasets;

/// <summary>Where downloaded bytes come from: the network in use, a local file or mirror folder in tests.</summary>
public interface IDownloadSource
{
    Task<Stream> OpenAsync(string url, CancellationToken cancellation);
}
