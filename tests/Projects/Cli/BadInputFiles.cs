using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.Cli;

/// <summary>The files and folders the bad-invocation cases name, made once in a temporary folder.</summary>
public sealed class BadInputFiles : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-bad-input-").FullName;
    private readonly Dictionary<string, string> paths;

    public BadInputFiles()
    {
        paths = new Dictionary<string, string>
        {
            ["{missing}"] = Path.Combine(root, "no-such-dir"),
            ["{empty}"] = Folder("empty"),
            ["{garbage}"] = Folder("garbage"),
            ["{file}"] = Path.Combine(root, "plain.txt"),
            ["{data}"] = Folder("data"),
            ["{images}"] = Folder("images"),
            ["{junk}"] = Folder("junk"),
            ["{pth}"] = Path.Combine(root, "garbage.pth"),
            ["{wrapped}"] = Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints", "training_checkpoint.pth"),
            ["{img}"] = Path.Combine(root, "small.png"),
            ["{srset}"] = Folder("srset"),
            ["{out}"] = Path.Combine(root, "out"),
            ["{finished}"] = Path.Combine(root, "finished"),
        };
        File.WriteAllText(Path.Combine(paths["{garbage}"], "notes.txt"), "not a data set");
        File.WriteAllText(paths["{file}"], "a file");
        File.WriteAllBytes(paths["{pth}"], [1, 2, 3, 4, 5]);
        TinyIdx.WriteSplit(Path.Combine(paths["{data}"], "fashion-mnist"), "train", 96, seed: 1);
        TinyIdx.WriteSplit(Path.Combine(paths["{data}"], "fashion-mnist"), "t10k", 20, seed: 2);
        var image = new ByteImage(12, 12, 3);
        ImageFile.Write(paths["{img}"], image);
        Directory.CreateDirectory(Path.Combine(paths["{srset}"], "image_SRF_3"));

        // an ImageFolder data set with one truncated PNG among good ones, and one of garbage .jpg files
        foreach (var split in new[] { "train", "test" })
        {
            foreach (var label in new[] { "a", "b" })
            {
                for (int i = 0; i < 4; i++)
                {
                    ImageFile.Write(Path.Combine(Folder($"images/{split}/{label}"), $"{i}.png"), new ByteImage(40, 40, 3));
                    File.WriteAllBytes(Path.Combine(Folder($"junk/{split}/{label}"), $"{i}.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, (byte)i]);
                }
            }
        }

        var good = File.ReadAllBytes(Path.Combine(paths["{images}"], "train", "a", "0.png"));
        File.WriteAllBytes(Path.Combine(paths["{images}"], "train", "b", "broken.png"), good[..(good.Length / 2)]);
    }

    /// <summary>The command line split into arguments with every placeholder replaced ('' is an empty argument).</summary>
    public string[] Arguments(string commandLine) =>
        commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "''" ? "" : Expand(a)).ToArray();

    public string Expand(string text)
    {
        foreach (var (placeholder, path) in paths)
        {
            text = text.Replace(placeholder, path, StringComparison.Ordinal);
        }

        return text;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(root, relative)).FullName;
}
