using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Tests.Data;

public class DatasetDownloaderTests
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static DatasetInfo Dataset(params DownloadFile[] files) =>
        new("toy", ["toy"], _ => true, files, "make it");

    private static string MakeTarGz(TempFolder folder)
    {
        File.WriteAllText(folder.File("content", "toy-batches", "a.txt"), "hello");
        string tar = folder.File("mirror", "toy.tar.gz");
        using (var file = File.Create(tar))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(folder.File("content"), gzip, includeBaseDirectory: false);
        }

        return tar;
    }

    [Fact]
    public async Task Get_VerifiedArchive_IsRenamedIntoPlaceAndExtracted()
    {
        using var folder = new TempFolder();
        string tar = MakeTarGz(folder);
        var log = new StringWriter();
        var downloader = new DatasetDownloader(new MirrorDownloadSource(folder.File("mirror")), log);

        string result = await downloader.GetAsync(Dataset(new DownloadFile("https://example.org/x/toy.tar.gz", Sha256(tar), Extract: true)), folder.File("root"));

        Assert.Equal(Path.Combine(folder.Path, "root", "toy"), result);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(result, "toy-batches", "a.txt")));
        Assert.True(File.Exists(Path.Combine(result, "toy.tar.gz")));
        Assert.Empty(Directory.GetFiles(result, "*.partial-*"));
        Assert.Contains(Sha256(tar), log.ToString());
    }

    [Fact]
    public async Task Get_HashMismatch_DiscardsDownload()
    {
        using var folder = new TempFolder();
        string tar = MakeTarGz(folder);
        var downloader = new DatasetDownloader(new UrlDownloadSource());
        var dataset = Dataset(new DownloadFile(tar, new string('0', 64)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => downloader.GetAsync(dataset, folder.File("root")));

        Assert.Contains(Sha256(tar), error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "root", "toy")));
    }

    [Fact]
    public async Task Get_UnknownHash_RefusesUnlessTrusted()
    {
        using var folder = new TempFolder();
        string gz = folder.File("mirror", "data.bin.gz");
        using (var file = File.Create(gz))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write("payload"u8);
        }

        var downloader = new DatasetDownloader(new UrlDownloadSource());
        var dataset = Dataset(new DownloadFile(new Uri(gz).AbsoluteUri, null, Extract: true));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => downloader.GetAsync(dataset, folder.File("root")));
        Assert.Contains("--trust-unverified", error.Message);
        Assert.Contains(Sha256(gz), error.Message);

        string result = await downloader.GetAsync(dataset, folder.File("root"), trustUnverified: true);
        Assert.Equal("payload", File.ReadAllText(Path.Combine(result, "data.bin")));
    }

    [Fact]
    public void Registry_HashesAreSha256HexOrExplicitlyUnknown()
    {
        var files = DatasetRegistry.All.SelectMany(d => d.Files).ToList();
        Assert.All(files.Where(f => f.Sha256 != null), f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256!));
        Assert.Null(DatasetRegistry.Get("cifar10").Files[0].Sha256);
        Assert.Equal(4, DatasetRegistry.Get("mnist").Files.Count(f => f.Sha256 != null));
    }
}
