using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// torchvision's ImageFolder: <c>root/&lt;class&gt;/**/&lt;image&gt;</c>. Class names are the sub-folder names sorted
/// ordinally (Python's sort), and their position is the label; files are found recursively, sorted, filtered by
/// extension (case-insensitive). Images are decoded when a sample is read.
/// </summary>
public sealed class ImageFolderDataset : IDataset<LabeledImage>
{
    /// <summary>torchvision's IMG_EXTENSIONS.</summary>
    public static readonly IReadOnlyList<string> DefaultExtensions =
        [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

    private readonly Func<string, ByteImage> decode;

    public ImageFolderDataset(string root, IReadOnlyList<string>? extensions = null, Func<string, ByteImage>? decoder = null)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"image folder {root} does not exist");
        }

        decode = decoder ?? ImageFile.Read;
        extensions ??= DefaultExtensions;
        Classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (Classes.Count == 0)
        {
            throw new DirectoryNotFoundException($"{root} has no class sub-folders (expected root/<class>/<image>)");
        }

        var samples = new List<(string Path, int Label)>();
        var classIndex = new Dictionary<string, int>();
        for (int label = 0; label < Classes.Count; label++)
        {
            var files = ImageFiles.Find(Path.Combine(root, Classes[label]), extensions, recursive: true);
            if (files.Count == 0)
            {
                throw new FileNotFoundException(
                    $"class folder {Path.Combine(root, Classes[label])} holds no file with extension {string.Join(", ", extensions)}");
            }

            samples.AddRange(files.Select(file => (file, label)));
            classIndex[Classes[label]] = label;
        }

        Samples = samples;
        ClassToIndex = classIndex;
    }

    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyDictionary<string, int> ClassToIndex { get; }

    public IReadOnlyList<(string Path, int Label)> Samples { get; }

    public int Count => Samples.Count;

    public LabeledImage this[int index]
    {
        get
        {
            var (path, label) = Samples[index];
            return new LabeledImage(decode(path), label);
        }
    }
}
