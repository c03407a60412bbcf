using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Detection;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>Generated detection sets: boxes that hold their objects, images that depend only on the seed, a folder reused only when it holds the same set.</summary>
public class SyntheticDetectionSetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-synthetic-").FullName;

    private string SetRoot => Path.Combine(root, "set");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Compose_BoxesTightlyHoldTheirObjects_AndDependOnlyOnTheSeed()
    {
        var generator = Generator(seed: 3);
        var split = Split(Objects(), 1);
        var sample = generator.Compose(split, new Random(12));
        var again = generator.Compose(split, new Random(12));

        Assert.Equal(sample.Image.Pixels, again.Image.Pixels);
        Assert.Equal(sample.Boxes, again.Boxes);
        Assert.InRange(sample.Boxes.Count, 1, generator.MaxObjects);
        foreach (var box in sample.Boxes)
        {
            // the objects are solid squares of side 14 in a 28×28 image: the tight box is half the pasted side (24-32 px)
            Assert.InRange(box.Width, 11, 17);
            Assert.Equal(box.Width, box.Height);
            Assert.True(box.X1 >= 0 && box.Y1 >= 0 && box.X2 <= 64 && box.Y2 <= 64, $"box {box} leaves the image");
            Assert.All(sample.Boxes.Where(other => other != box), other => Assert.True(box.Intersection(other) <= 0.15 * Math.Min(box.Area, other.Area) + 1e-9));
        }

        var other = generator.Compose(split, new Random(13));
        Assert.NotEqual(sample.Image.Pixels, other.Image.Pixels);
    }

    [Fact]
    public void Write_LaysOutYoloSplits_ReusesTheSameSet_AndRemakesAnother()
    {
        var splits = new[] { Split(Objects(), 6, "train"), Split(Objects(), 2, "val") };
        Generator(seed: 1).Write(SetRoot, splits, "squares");
        var train = new YoloDataset(SetRoot, "train", YoloDataset.ReadClassNames(SetRoot));
        Assert.Equal(6, train.Count);
        Assert.Equal(2, new YoloDataset(SetRoot, "val", ["a", "b"]).Count);
        Assert.Equal(["a", "b"], YoloDataset.ReadClassNames(SetRoot));
        var composed = Generator(seed: 1).Compose(splits[0], new Random(SampleSeed.For(1, 0, 4)));
        Assert.Equal(composed.Boxes.Count, train[4].Boxes.Count);
        Assert.Equal(composed.Image.Pixels, train[4].Image.Pixels);

        string image = Path.Combine(SetRoot, "images", "train", "00004.png");
        var written = File.GetLastWriteTimeUtc(image);
        Generator(seed: 1).Write(SetRoot, splits, "squares");
        Assert.Equal(written, File.GetLastWriteTimeUtc(image));
        Generator(seed: 2).Write(SetRoot, splits, "squares");
        Assert.NotEqual(composed.Image.Pixels, new YoloDataset(SetRoot, "train", ["a", "b"])[4].Image.Pixels);
    }

    private static SyntheticDetectionSet Generator(ulong seed) =>
        new() { ClassNames = ["a", "b"], ImageSize = 64, MinObjectSize = 24, MaxObjectSize = 32, MaxObjects = 3, Seed = seed };

    private SyntheticSplit Split(IDataset<LabeledImage> objects, int count, string name = "train")
    {
        string backgrounds = Path.Combine(root, "backgrounds");
        Directory.CreateDirectory(backgrounds);
        var paths = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var image = new ByteImage(50 + 10 * i, 40, 3);
            new Random(i).NextBytes(image.Pixels);
            string path = Path.Combine(backgrounds, $"{i}.png");
            ImageFile.Write(path, image);
            paths.Add(path);
        }

        return new SyntheticSplit(name, count, [new ObjectSource(objects, PasteStyle.Ink, 2)], paths);
    }

    // class 0 and 1: a solid 14×14 square in the middle of a black 28×28 image
    private static IDataset<LabeledImage> Objects() => new Squares(Enumerable.Range(0, 2).Select(c =>
    {
        var image = new ByteImage(28, 28, 1);
        for (int y = 7; y < 21; y++)
        {
            for (int x = 7; x < 21; x++)
            {
                image.At(x, y, 0) = 255;
            }
        }

        return new LabeledImage(image, c);
    }).ToList());

    private sealed class Squares(IReadOnlyList<LabeledImage> items) : IDataset<LabeledImage>
    {
        public int Count => items.Count;

        public LabeledImage this[int index] => items[index];
    }
}
