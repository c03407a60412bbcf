using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data;

public class FolderDatasetTests
{
    private static ByteImage Solid(int width, int height, int channels, byte value)
    {
        var image = new ByteImage(width, height, channels);
        Array.Fill(image.Pixels, value);
        return image;
    }

    [Fact]
    public void ImageFolder_SortsClassesOrdinallyAndFindsNestedFilesByExtension()
    {
        using var folder = new TempFolder();
        ImageFile.Write(folder.File("b", "2.png"), Solid(2, 2, 1, 20));
        ImageFile.Write(folder.File("b", "sub", "1.PNG"), Solid(2, 2, 1, 21));
        ImageFile.Write(folder.File("B", "x.png"), Solid(3, 1, 3, 30));
        ImageFile.Write(folder.File("a", "only.png"), Solid(1, 1, 1, 10));
        File.WriteAllText(folder.File("a", "notes.txt"), "not an image");

        var dataset = new ImageFolderDataset(folder.Path);

        Assert.Equal(new[] { "B", "a", "b" }, dataset.Classes); // ordinal: upper case first, as Python sorts
        Assert.Equal(4, dataset.Count);
        Assert.Equal(30, dataset[0].Image.Pixels[0]);
        Assert.Equal((1, 10), (dataset[1].Label, (int)dataset[1].Image.Pixels[0]));
        Assert.Equal(new[] { 2, 2 }, new[] { dataset[2].Label, dataset[3].Label });
        Assert.EndsWith("2.png", dataset.Samples[2].Path);
        Assert.EndsWith("1.PNG", dataset.Samples[3].Path);
    }

    [Fact]
    public void ImageFolder_ClassWithoutImages_IsAnError()
    {
        using var folder = new TempFolder();
        ImageFile.Write(folder.File("cat", "1.png"), Solid(1, 1, 1, 0));
        File.WriteAllText(folder.File("dog", "readme.txt"), "");
        Assert.Contains("dog", Assert.Throws<FileNotFoundException>(() => new ImageFolderDataset(folder.Path)).Message);
    }

    [Fact]
    public void UnlabeledFolder_ListsTopLevelImagesSortedAndDecodesLazily()
    {
        using var folder = new TempFolder();
        ImageFile.Write(folder.File("b.png"), Solid(1, 1, 1, 2));
        ImageFile.Write(folder.File("a.png"), Solid(1, 1, 1, 1));
        File.WriteAllText(folder.File("c.png"), "corrupt");
        ImageFile.Write(folder.File("nested", "z.png"), Solid(1, 1, 1, 9));

        var dataset = new UnlabeledImageFolder(folder.Path);

        Assert.Equal(new[] { "a.png", "b.png", "c.png" }, dataset.Paths.Select(Path.GetFileName));
        Assert.Equal(2, dataset[1].Image.Pixels[0]);
        Assert.ThrowsAny<Exception>(() => dataset[2]); // a bad file fails when read, not when listed
    }

    [Fact]
    public void SelfExSr_PairsHighAndLowResolutionByName()
    {
        using var folder = new TempFolder();
        foreach (var n in new[] { "002", "001" })
        {
            ImageFile.Write(folder.File("image_SRF_3", $"img_{n}_SRF_3_HR.png"), Solid(6, 6, 3, 200));
            ImageFile.Write(folder.File("image_SRF_3", $"img_{n}_SRF_3_LR.png"), Solid(2, 2, 3, 100));
        }

        var dataset = new SelfExSrDataset(folder.Path, 3);

        Assert.Equal(new[] { "img_001", "img_002" }, dataset.Pairs.Select(p => p.Name));
        var pair = dataset[0];
        Assert.Equal((6, 2, 3), (pair.HighRes.Width, pair.LowRes.Width, pair.Scale));
        Assert.Contains("image_SRF_3", Assert.Throws<DirectoryNotFoundException>(() => new SelfExSrDataset(folder.Path, 4)).Message);
    }

    [Fact]
    public void SelfExSr_MissingLowResPartner_IsAnError()
    {
        using var folder = new TempFolder();
        ImageFile.Write(folder.File("image_SRF_2", "img_001_SRF_2_HR.png"), Solid(2, 2, 3, 1));
        Assert.Contains("img_001_SRF_2_LR.png", Assert.Throws<FileNotFoundException>(() => new SelfExSrDataset(folder.Path, 2)).Message);
    }
}
