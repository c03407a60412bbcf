using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors.IO;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects;

public sealed class SkippedImagesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-bad-images-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Load_CorruptFile_StopsWithItsPathAndProblem()
    {
        string bad = WriteFolderWithBadFiles();

        var error = Assert.Throws<InvalidFileException>(() => ImageFolderSplit.Load(Path.Combine(root, "train"), 16, channels: 1));

        Assert.Equal(bad, error.FilePath);
        Assert.StartsWith($"{bad}: not a PNG, JPEG", error.Message);
    }

    [Fact]
    public void Load_SkippingBadImages_LeavesThemOutCountsAndListsThem()
    {
        string bad = WriteFolderWithBadFiles();
        var settings = new RunSettings(Device.Cpu, null, Path.Combine(root, "run"), 0, 1, false, "ilgpunet test --skip-bad-images", SkipBadImages: true);

        var split = ImageFolderSplit.Load(Path.Combine(root, "train"), 16, channels: 1, settings.SkippedImages);
        var again = ImageFolderSplit.Load(Path.Combine(root, "train"), 8, channels: 1, settings.SkippedImages);

        Assert.Equal(2 * 4 - 2, split.Images.Count);
        Assert.Equal(split.Images.Count, split.Paths.Count);
        Assert.DoesNotContain(bad, split.Paths);
        Assert.Equal(split.Paths, again.Paths);
        Assert.Equal([0, 0, 1, 1, 1, 1], Enumerable.Range(0, split.Images.Count).Select(i => split.Images[i].Label));
        var skipped = settings.SkippedImages!;
        Assert.Equal(2, skipped.Count); // each file once, though both loads met it
        Assert.Contains(skipped.Files, f => f.Path == bad && f.Problem.StartsWith("not a PNG", StringComparison.Ordinal));
        Assert.Contains(skipped.Files, f => f.Path.EndsWith("empty.png", StringComparison.Ordinal) && f.Problem == "empty file, not an image");

        var run = RunFolder.Create(settings.OutDirectory);
        var report = new ReportWriter(run, "test");
        report.Metadata(settings, DateTimeOffset.Now, TimeSpan.FromSeconds(1));
        var listed = File.ReadAllLines(Path.Combine(run.Root, SkippedImages.FileName));
        Assert.Equal(2, listed.Length);
        Assert.Contains($"{bad}: {skipped.Files.Single(f => f.Path == bad).Problem}", listed);
    }

    /// <summary>train/a and train/b with four images each, of which train/a/notes.png is text and train/a/empty.png is empty.</summary>
    private string WriteFolderWithBadFiles()
    {
        foreach (var label in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(root, "train", label));
            for (int i = 0; i < 4; i++)
            {
                ImageFile.Write(Path.Combine(root, "train", label, $"{i}.png"), new ByteImage(20, 20, 1, Enumerable.Repeat((byte)(40 * i), 400).ToArray()));
            }
        }

        string bad = Path.Combine(root, "train", "a", "1.png");
        File.WriteAllText(bad, "not an image");
        File.WriteAllBytes(Path.Combine(root, "train", "a", "2.png"), []);
        File.Move(Path.Combine(root, "train", "a", "2.png"), Path.Combine(root, "train", "a", "empty.png"));
        return bad;
    }
}
