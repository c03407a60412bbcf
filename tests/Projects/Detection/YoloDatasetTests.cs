using IlgpuNet.Data.Imaging;
using IlgpuNet.Detection;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>Detection sets in YOLO's layout: boxes in pixels, images without labels, and corrupt files named with their line.</summary>
public class YoloDatasetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-yolo-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Split_ReadsBoxesInPixels_AndAnImageWithoutLabelsHasNoObjects()
    {
        WriteSet(("a", "1 0.5 0.5 0.5 0.25\n\n0 0.125 0.25 0.25 0.5\n"), ("b", null));
        var names = YoloDataset.ReadClassNames(root);
        var split = new YoloDataset(root, "train", names);

        Assert.Equal(["cat", "dog"], names);
        Assert.Equal(2, split.Count);
        // a is 16×8: centre (8, 4), size 8×2 → (4, 3)-(12, 5); centre (2, 2), size 4×4 → (0, 0)-(4, 4)
        Assert.Equal([new LabeledBox(1, 4, 3, 12, 5), new LabeledBox(0, 0, 0, 4, 4)], split[0].Boxes);
        Assert.Empty(split[1].Boxes);
        Assert.Equal(16, split[0].Image.Width);
    }

    [Theory]
    [InlineData("0 0.5 0.5 0.2\n", "a.txt:1: 4 fields")]
    [InlineData("0 0.5 0.5 0.2 0.2\n1 0.5 0.5 abc 0.2\n", "a.txt:2: 'abc' is not a number")]
    [InlineData("2 0.5 0.5 0.2 0.2\n", "a.txt:1: class '2' is not one of the 2 classes")]
    [InlineData("\n-1 0.5 0.5 0.2 0.2\n", "a.txt:2: class '-1'")]
    [InlineData("0 1.5 0.5 0.2 0.2\n", "a.txt:1: the centre must lie in [0, 1]")]
    public void CorruptLabelLine_IsNamedWithItsFileAndLine_WhenTheSplitOpens(string label, string expected)
    {
        WriteSet(("a", label));
        var error = Assert.Throws<InvalidDataException>(() => new YoloDataset(root, "train", YoloDataset.ReadClassNames(root)));
        Assert.Contains(expected, error.Message);
        Assert.Contains(Path.Combine(root, "labels", "train", "a.txt"), error.Message);
    }

    [Fact]
    public void CorruptImage_IsNamed_AndMissingClassNamesAreExplained()
    {
        WriteSet(("a", "0 0.5 0.5 0.2 0.2\n"));
        File.WriteAllText(Path.Combine(root, "images", "train", "c.png"), "not an image");
        var split = new YoloDataset(root, "train", YoloDataset.ReadClassNames(root));
        var error = Assert.Throws<InvalidFileException>(() => split[1]); // the image readers' own exception, naming the file
        Assert.Contains("c.png", error.Message);

        File.Delete(Path.Combine(root, YoloDataset.ClassesFile));
        var missing = Assert.Throws<FileNotFoundException>(() => YoloDataset.ReadClassNames(root));
        Assert.Contains("classes.txt", missing.Message);
        Assert.Throws<DirectoryNotFoundException>(() => new YoloDataset(root, "test", ["cat"]));
    }

    [Fact]
    public void LabelFormat_RoundTripsThroughTheReader()
    {
        var boxes = new[] { new LabeledBox(1, 3, 4, 20, 30), new LabeledBox(0, 0, 0, 64, 48) };
        string path = Path.Combine(root, "round.txt");
        File.WriteAllText(path, YoloLabels.Format(boxes, 64, 48));
        var read = YoloLabels.Read(path, 2, 64, 48);
        Assert.Equal(boxes.Length, read.Count);
        for (int i = 0; i < boxes.Length; i++)
        {
            Assert.Equal(boxes[i].Class, read[i].Class);
            Assert.Equal([boxes[i].X1, boxes[i].Y1, boxes[i].X2, boxes[i].Y2], [read[i].X1, read[i].Y1, read[i].X2, read[i].Y2], (e, a) => Math.Abs(e - a) < 1e-4);
        }
    }

    private void WriteSet(params (string Name, string? Label)[] images)
    {
        Directory.CreateDirectory(Path.Combine(root, "images", "train"));
        Directory.CreateDirectory(Path.Combine(root, "labels", "train"));
        File.WriteAllLines(Path.Combine(root, YoloDataset.ClassesFile), ["cat", "dog", ""]);
        foreach (var (name, label) in images)
        {
            ImageFile.Write(Path.Combine(root, "images", "train", name + ".png"), new ByteImage(16, 8, 3));
            if (label != null)
            {
                File.WriteAllText(Path.Combine(root, "labels", "train", name + ".txt"), label);
            }
        }
    }
}
