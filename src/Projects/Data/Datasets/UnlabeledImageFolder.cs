using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Data.Datasets;

/// <summary>The images directly inside one folder, sorted by name, without labels (e.g. a test set to predict); decoded on access.</summary>
public sealed class UnlabeledImageFolder : IDataset<NamedImage>
{
    private readonly Func<string, ByteImage> decode;

    public UnlabeledImageFolder(string folder, IReadOnlyList<string>? extensions = null, Func<string, ByteImage>? decoder = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"image folder {folder} does not exist");
        }

        decode = decoder ?? ImageFile.Read;
        Paths = ImageFiles.Find(folder, extensions ?? ImageFolderDataset.DefaultExtensions, recursive: false);
    }

    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public NamedImage this[int index] => new(Paths[index], decode(Paths[index]));
}
