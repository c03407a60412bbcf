using System.Text.Json;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Training;

namespace IlgpuNet.Detection;

/// <summary>
/// Generates a detection data set in YOLO's layout (<see cref="YoloDataset"/>): square images cut from random crops of
/// background photographs, with one to <see cref="MaxObjects"/> small gray object images (MNIST digits, Fashion-MNIST
/// items) pasted at random sizes and places, each as its source says (<see cref="ObjectSource"/>); each box is the
/// tight box of the pasted object's opaque pixels, and objects overlap little. Image i of a split depends only on (seed, split, i), so the set
/// is the same however many threads made it; generated.json records what it was made from, and a folder holding the
/// same description is reused instead of made again.
/// </summary>
public sealed class SyntheticDetectionSet
{
    public const string DescriptionFile = "generated.json";

    // objects may share at most this fraction of the smaller one's box
    private const double MaxOverlap = 0.15;
    private const int PlacementTries = 25;

    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Side of the square images, in pixels.</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Smallest and largest side of a pasted 28×28 object image (its tight box is somewhat smaller).</summary>
    public int MinObjectSize { get; init; } = 24;

    public int MaxObjectSize { get; init; } = 64;

    public int MaxObjects { get; init; } = 4;

    public ulong Seed { get; init; }

    /// <summary>What the set is made of, as generated.json holds it (the sources named by the caller).</summary>
    public object Describe(IReadOnlyList<SyntheticSplit> splits, string sources) => new
    {
        sources,
        image_size = ImageSize,
        object_size = new[] { MinObjectSize, MaxObjectSize },
        max_objects = MaxObjects,
        seed = Seed,
        classes = ClassNames,
        splits = splits.ToDictionary(s => s.Name, s => new
        {
            images = s.Count,
            objects = s.Sources.Select(source => new { count = source.Objects.Count, style = source.Style.ToString(), classes = source.Classes }),
            backgrounds = s.Backgrounds.Count,
        }),
    };

    /// <summary>Writes the splits under <paramref name="root"/> (images/SPLIT, labels/SPLIT, classes.txt), unless it already holds this very set.</summary>
    public void Write(string root, IReadOnlyList<SyntheticSplit> splits, string sources)
    {
        string description = JsonSerializer.Serialize(Describe(splits, sources), new JsonSerializerOptions { WriteIndented = true });
        string descriptionPath = Path.Combine(root, DescriptionFile);
        if (File.Exists(descriptionPath) && File.ReadAllText(descriptionPath) == description)
        {
            return;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true); // made from other settings: a set is never half one, half another
        }

        for (int s = 0; s < splits.Count; s++)
        {
            var split = splits[s];
            if (split.Sources.Count == 0 || split.Sources.Any(source => source.Objects.Count == 0 || source.Classes < 1) || split.Backgrounds.Count == 0)
            {
                throw new ArgumentException($"split {split.Name}: needs object images and background images ({split.Sources.Sum(source => source.Objects.Count)} and {split.Backgrounds.Count} given)");
            }

            string images = Directory.CreateDirectory(Path.Combine(root, "images", split.Name)).FullName;
            string labels = Directory.CreateDirectory(Path.Combine(root, "labels", split.Name)).FullName;
            int splitIndex = s;
            Parallel.For(0, split.Count, i =>
            {
                var sample = Compose(split, new Random(SampleSeed.For(Seed, splitIndex, i)));
                ImageFile.Write(Path.Combine(images, $"{i:D5}.png"), sample.Image);
                File.WriteAllText(Path.Combine(labels, $"{i:D5}.txt"), YoloLabels.Format(sample.Boxes, ImageSize, ImageSize));
            });
        }

        File.WriteAllLines(Path.Combine(root, YoloDataset.ClassesFile), ClassNames);
        File.WriteAllText(descriptionPath, description); // last: a set cut short by a crash is made again
    }

    /// <summary>One image: a background crop with its pasted objects and their boxes.</summary>
    public DetectionSample Compose(SyntheticSplit split, Random random)
    {
        string backgroundPath = split.Backgrounds[random.Next(split.Backgrounds.Count)];
        var canvas = FloatImage.FromBytes(BackgroundCrop(ImageFile.Read(backgroundPath), random));
        var boxes = new List<LabeledBox>();
        int objects = random.Next(1, MaxObjects + 1);
        for (int k = 0; k < objects; k++)
        {
            var source = Draw(split.Sources, random);
            var item = source.Objects[random.Next(source.Objects.Count)];
            int side = random.Next(MinObjectSize, MaxObjectSize + 1);
            var gray = ImageResize.Resize(FloatImage.FromBytes(item.Image), side, side, ResizeMethod.Bilinear);
            var opacity = Opacity(gray, source.Style);
            if (TightBox(opacity) is not var (bx1, by1, bx2, by2))
            {
                continue;
            }

            for (int attempt = 0; attempt < PlacementTries; attempt++)
            {
                int left = random.Next(ImageSize - side + 1), top = random.Next(ImageSize - side + 1);
                var box = new LabeledBox(item.Label, left + bx1, top + by1, left + bx2, top + by2);
                if (boxes.All(other => Overlap(box, other) <= MaxOverlap))
                {
                    Paste(canvas, gray, opacity, source.Style, left, top, random);
                    boxes.Add(box);
                    break;
                }
            }
        }

        return new DetectionSample(canvas.ToBytes(), boxes, backgroundPath);
    }

    // a random square crop of 40-100% of the shorter side, resized to the image size, in colour
    private ByteImage BackgroundCrop(ByteImage background, Random random)
    {
        int shorter = Math.Min(background.Width, background.Height);
        int side = Math.Max(1, (int)(shorter * (0.4 + 0.6 * random.NextDouble())));
        int left = random.Next(background.Width - side + 1), top = random.Next(background.Height - side + 1);
        var crop = new ByteImage(side, side, background.Channels);
        for (int y = 0; y < side; y++)
        {
            background.Pixels.AsSpan(((top + y) * background.Width + left) * background.Channels, side * background.Channels)
                .CopyTo(crop.Pixels.AsSpan(y * side * background.Channels));
        }

        var resized = ImageResize.Resize(crop, ImageSize, ImageSize, ResizeMethod.Bilinear);
        return resized.Channels == 3 ? resized : resized.CompositeOver(0, 0, 0);
    }

    // a source in proportion to its classes
    private static ObjectSource Draw(IReadOnlyList<ObjectSource> sources, Random random)
    {
        int pick = random.Next(sources.Sum(source => source.Classes));
        foreach (var source in sources)
        {
            if (pick < source.Classes)
            {
                return source;
            }

            pick -= source.Classes;
        }

        throw new InvalidOperationException("unreachable: the pick is below the class total");
    }

    // per-pixel opacity in [0, 1] of a resized gray object image (values in [0, 1])
    private static FloatImage Opacity(FloatImage gray, PasteStyle style)
    {
        var opacity = gray.Clone();
        var data = opacity.Data;
        for (int i = 0; i < data.Length; i++)
        {
            // an item is opaque wherever it is, however dark its cloth; a stroke's intensity is its ink
            data[i] = style == PasteStyle.Tinted ? Math.Clamp(data[i] * 6.5f, 0, 1) : data[i];
        }

        return opacity;
    }

    // the bounds of the pixels at least half opaque: (x1, y1, x2, y2), x2 and y2 exclusive; null when there are none
    private static (int X1, int Y1, int X2, int Y2)? TightBox(FloatImage opacity)
    {
        int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
        for (int y = 0; y < opacity.Height; y++)
        {
            for (int x = 0; x < opacity.Width; x++)
            {
                if (opacity.At(0, y, x) >= 0.5f)
                {
                    (x1, y1, x2, y2) = (Math.Min(x1, x), Math.Min(y1, y), Math.Max(x2, x + 1), Math.Max(y2, y + 1));
                }
            }
        }

        return x2 < 0 ? null : (x1, y1, x2, y2);
    }

    private static double Overlap(LabeledBox a, LabeledBox b) => a.Intersection(b) / Math.Min(a.Area, b.Area);

    // blends the object's colour over the canvas by its opacity
    private static void Paste(FloatImage canvas, FloatImage shading, FloatImage opacity, PasteStyle style, int left, int top, Random random)
    {
        int side = opacity.Width;
        var color = new float[3];
        if (style == PasteStyle.Tinted)
        {
            for (int c = 0; c < 3; c++)
            {
                color[c] = 0.25f + 0.75f * random.NextSingle();
            }
        }
        else
        {
            bool darkInk = MeanLuminance(canvas, left, top, side) > 0.5;
            for (int c = 0; c < 3; c++)
            {
                color[c] = darkInk ? 0.3f * random.NextSingle() : 0.7f + 0.3f * random.NextSingle();
            }
        }

        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                float alpha = opacity.At(0, y, x);
                if (alpha <= 0)
                {
                    continue;
                }

                float brightness = style == PasteStyle.Tinted ? 0.3f + 0.7f * shading.At(0, y, x) : 1f;
                for (int c = 0; c < 3; c++)
                {
                    ref float pixel = ref canvas.At(c, top + y, left + x);
                    pixel = alpha * color[c] * brightness + (1 - alpha) * pixel;
                }
            }
        }
    }

    private static double MeanLuminance(FloatImage canvas, int left, int top, int side)
    {
        double sum = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int y = top; y < top + side; y++)
            {
                for (int x = left; x < left + side; x++)
                {
                    sum += canvas.At(c, y, x);
                }
            }
        }

        return sum / (3.0 * side * side);
    }
}
