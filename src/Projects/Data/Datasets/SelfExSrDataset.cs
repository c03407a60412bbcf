using System.Text.RegularExpressions;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// Super-resolution test sets in J.-B. Huang's SelfExSR layout: <c>root/image_SRF_s/img_NNN_SRF_s_HR.png</c> with
/// <c>..._LR.png</c> beside it (the LR made by MATLAB's bicubic imresize of the HR). Pairs are sorted by name and
/// decoded on access.
/// </summary>
public sealed partial class SelfExSrDataset : IDataset<SuperResolutionPair>
{
    private readonly Func<string, ByteImage> decode;

    public SelfExSrDataset(string root, int scale, Func<string, ByteImage>? decoder = null)
    {
        string folder = Path.Combine(root, $"image_SRF_{scale}");
        if (!Directory.Exists(folder))
        {
            var present = Directory.Exists(root)
                ? string.Join(", ", Directory.GetDirectories(root, "image_SRF_*").Select(Path.GetFileName).Order(StringComparer.Ordinal))
                : "(root missing)";
            throw new DirectoryNotFoundException($"no scale-{scale} folder {folder}; present: {present}");
        }

        decode = decoder ?? ImageFile.Read;
        Scale = scale;
        var pairs = new List<(string, string, string)>();
        foreach (var highRes in Directory.GetFiles(folder, $"*_SRF_{scale}_HR.png").Order(StringComparer.Ordinal))
        {
            var lowRes = highRes[..^"HR.png".Length] + "LR.png";
            if (!File.Exists(lowRes))
            {
                throw new FileNotFoundException($"{highRes} has no low-resolution partner {Path.GetFileName(lowRes)}");
            }

            var name = NamePattern().Match(Path.GetFileName(highRes)).Groups[1].Value;
            pairs.Add((name, highRes, lowRes));
        }

        if (pairs.Count == 0)
        {
            throw new FileNotFoundException($"{folder} holds no *_SRF_{scale}_HR.png images");
        }

        Pairs = pairs;
    }

    public int Scale { get; }

    /// <summary>(name such as "img_001", HR path, LR path).</summary>
    public IReadOnlyList<(string Name, string HighResPath, string LowResPath)> Pairs { get; }

    public int Count => Pairs.Count;

    public SuperResolutionPair this[int index]
    {
        get
        {
            var (name, highRes, lowRes) = Pairs[index];
            return new SuperResolutionPair(name, Scale, decode(highRes), decode(lowRes));
        }
    }

    [GeneratedRegex(@"^(.*)_SRF_\d+_HR\.png$")]
    private static partial Regex NamePattern();
}
