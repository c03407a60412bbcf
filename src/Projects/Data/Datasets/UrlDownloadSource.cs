namespace IlgpuNet.Data.Datasets;

/// <summary>http(s) URLs through HttpClient; file:// URLs and plain paths from disk.</summary>
public sealed class UrlDownloadSource(HttpClient? client = null) : IDownloadSource
{
    private readonly HttpClient client = client ?? new HttpClient { Timeout = TimeSpan.FromMinutes(30) };

    public async Task<Stream> OpenAsync(string url, CancellationToken cancellation)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                response.Dispose();
                throw new HttpRequestException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        }

        string path = uri is { IsFile: true } ? uri.LocalPath : url;
        return File.OpenRead(path);
    }
}
