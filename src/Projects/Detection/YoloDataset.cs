using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Detection;

/// <summary>
/// One split of a detection data set in YOLO's layout (Ultralytics): <c>images/SPLIT/NAME.png</c> (or .jpg, .bmp,
/// .pgm, .ppm) with <c>labels/SPLIT/NAME.txt</c> (<see cref="YoloLabels"/>), and the class names in <c>classes.txt</c>
/// at the root, one per line, line i naming class i. An image without a label file holds no objects. Every label file
/// is read and checked when the split opens, so a corrupt one stops the run before training; an image is decoded when
/// its sample is read (a corrupt one names its file).
/// </summary>
public sealed class YoloDataset : IDataset<DetectionSample>
{
    public const string ClassesFile = "classes.txt";

    private readonly string labelsFolder;

    public YoloDataset(string root, string split, IReadOnlyList<string> classNames)
    {
        string images = Path.Combine(root, "images", split);
        if (!Directory.Exists(images))
        {
            throw new DirectoryNotFoundException($"YOLO data set {root} has no images/{split}/ folder (expected images/SPLIT/ with labels/SPLIT/ beside it and {ClassesFile})");
        }

        Root = root;
        Split = split;
        ClassNames = classNames;
        labelsFolder = Path.Combine(root, "labels", split);
        Paths = new UnlabeledImageFolder(images).Paths;
        if (Paths.Count == 0)
        {
            throw new InvalidDataException($"{images} holds no images (.png, .jpg, .jpeg, .bmp, .pgm, .ppm)");
        }

        // every label file checked before any work; the boxes are scaled to pixels once each image's size is known
        foreach (var path in Paths)
        {
            var label = LabelPath(path);
            if (File.Exists(label))
            {
                YoloLabels.Read(label, classNames.Count, 1, 1);
            }
        }
    }

    public string Root { get; }

    public string Split { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image files, sorted by name.</summary>
    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public DetectionSample this[int index]
    {
        get
        {
            string path = Paths[index];
            var image = ImageFile.Read(path);
            string label = LabelPath(path);
            var boxes = File.Exists(label) ? YoloLabels.Read(label, ClassNames.Count, image.Width, image.Height) : [];
            return new DetectionSample(image, boxes, path);
        }
    }

    /// <summary>Whether <paramref name="root"/> has the split's image folder.</summary>
    public static bool HasSplit(string root, string split) => Directory.Exists(Path.Combine(root, "images", split));

    /// <summary>The class names of <c>classes.txt</c> (blank lines at the end ignored).</summary>
    public static IReadOnlyList<string> ReadClassNames(string root)
    {
        string path = Path.Combine(root, ClassesFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"YOLO data set {root} has no {ClassesFile} (one class name per line, line i naming class i)", path);
        }

        var names = File.ReadAllLines(path).Select(line => line.Trim()).Reverse().SkipWhile(line => line.Length == 0).Reverse().ToList();
        int blank = names.FindIndex(name => name.Length == 0);
        if (names.Count == 0 || blank >= 0)
        {
            throw new InvalidDataException(names.Count == 0 ? $"{path} names no class" : $"{path}:{blank + 1}: empty class name");
        }

        return names;
    }

    private string LabelPath(string imagePath) => Path.Combine(labelsFolder, Path.GetFileNameWithoutExtension(imagePath) + ".txt");
}
