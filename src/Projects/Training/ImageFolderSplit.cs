using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Training;

/// <summary>
/// An ImageFolder split (root/&lt;class&gt;/*.jpg) decoded once, converted to gray or RGB and resized to a square
/// side (bilinear with antialiasing, aspect ratio not kept, as the course resizes), then kept in memory: small
/// images read every epoch cost nothing to decode again. A file that cannot be decoded stops the loading with its path
/// and problem, or is left out when a <see cref="SkippedImages"/> is given (<c>--skip-bad-images</c>).
/// </summary>
public sealed record ImageFolderSplit(IDataset<LabeledImage> Images, IReadOnlyList<string> Classes, IReadOnlyList<string> Paths)
{
    public static ImageFolderSplit Load(string root, int side, int channels, SkippedImages? skipped = null)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"images are loaded as gray (1) or RGB (3), not {channels} channels");
        }

        var folder = new ImageFolderDataset(root);
        var resized = new MappedDataset<LabeledImage, LabeledImage>(folder, sample => sample with { Image = Prepare(sample.Image, side, channels) });
        var images = new MaterializedDataset<LabeledImage>(resized, skipped);
        return new ImageFolderSplit(images, folder.Classes, images.KeptIndices.Select(i => folder.Samples[i].Path).ToArray());
    }

    /// <summary>The train/ and test/ splits of a data set root; their class folders must agree.</summary>
    public static (ImageFolderSplit Train, ImageFolderSplit Test) LoadTrainTest(string root, int side, int channels, SkippedImages? skipped = null)
    {
        foreach (var split in new[] { "train", "test" })
        {
            if (!Directory.Exists(Path.Combine(root, split)))
            {
                throw new DirectoryNotFoundException($"{root} has no {split}/ folder (expected train/<class>/*.jpg and test/<class>/*.jpg)");
            }
        }

        var train = Load(Path.Combine(root, "train"), side, channels, skipped);
        var test = Load(Path.Combine(root, "test"), side, channels, skipped);
        if (!train.Classes.SequenceEqual(test.Classes))
        {
            throw new InvalidDataException($"{root}: train/ has classes {string.Join(", ", train.Classes)} but test/ has {string.Join(", ", test.Classes)}");
        }

        return (train, test);
    }

    private static ByteImage Prepare(ByteImage image, int side, int channels)
    {
        var converted = channels == 1 ? (image.Channels == 1 ? image : image.ToGray()) : (image.Channels == 3 ? image : image.ToRgb());
        return ImageResize.Resize(converted, side, side, ResizeMethod.Bilinear);
    }
}
