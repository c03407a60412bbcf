using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Data;

public class BlenderSceneTests
{
    private static void WriteScene(TempFolder folder)
    {
        // 4x2 RGBA: left 2x2 block opaque red, right block red at alpha 0 and 255 alternating columns.
        var image = new ByteImage(4, 2, 4);
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                image.At(x, y, 0) = 255;
                image.At(x, y, 3) = (byte)(x < 2 || x == 3 ? 255 : 0);
            }
        }

        ImageFile.Write(folder.File("train", "r_0.png"), image);
        File.WriteAllText(folder.File("transforms_train.json"), """
            {
              "camera_angle_x": 0.6911112070083618,
              "frames": [
                { "file_path": "./train/r_0", "rotation": 0.0,
                  "transform_matrix": [[1, 0, 0, 0.5], [0, 1, 0, -1.5], [0, 0, 1, 4], [0, 0, 0, 1]] }
              ]
            }
            """);
    }

    [Fact]
    public void Load_ReadsPosesAndComputesFocalOfDownscaledWidth()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        var scene = BlenderScene.Load(folder.Path, "train", downscale: 2);
        Assert.Equal(1, scene.Count);
        Assert.Equal((2, 1), (scene.Width, scene.Height));
        Assert.Equal(0.5 * 2 / Math.Tan(0.5 * 0.6911112070083618), scene.Focal, 12);
        Assert.Equal(-1.5, scene.Frames[0].CameraToWorld[7]);
        Assert.Equal(4.0, scene.Frames[0].CameraToWorld[11]);
        Assert.EndsWith(Path.Combine("train", "r_0.png"), scene.Frames[0].ImagePath);
    }

    [Theory]
    [InlineData(BlenderBackground.White, 1f)]
    [InlineData(BlenderBackground.Black, 0f)]
    public void View_AveragesRgbaBlocksThenCompositesOnBackground(BlenderBackground background, float expectedGreen)
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        var view = BlenderScene.Load(folder.Path, "train", downscale: 2, background: background)[0];
        Assert.Equal(1f, view.At(0, 0, 0));
        Assert.Equal(0f, view.At(1, 0, 0)); // opaque red block: no background
        // right block: mean alpha 0.5, mean red 1 -> 0.5 red + 0.5 background
        Assert.Equal(0.5f + 0.5f * expectedGreen, view.At(0, 0, 1), 6);
        Assert.Equal(0.5f * expectedGreen, view.At(1, 0, 1), 6);
    }

    [Fact]
    public void Load_MissingSplit_ListsSplitsPresent()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        var error = Assert.Throws<FileNotFoundException>(() => BlenderScene.Load(folder.Path, "val"));
        Assert.Contains("transforms_train.json", error.Message);
    }

    [Fact]
    public void Load_CorruptJson_NamesTheFileAndTheProblem()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        File.WriteAllText(folder.File("transforms_train.json"), "{ \"camera_angle_x\": 0.69, \"frames\": [ ");
        var error = Assert.Throws<InvalidFileException>(() => BlenderScene.Load(folder.Path, "train"));
        Assert.StartsWith(folder.File("transforms_train.json") + ": not valid JSON", error.Message);
    }

    [Fact]
    public void Load_MissingImage_NamesTheImage()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        File.Delete(folder.File("train", "r_0.png"));
        var error = Assert.Throws<FileNotFoundException>(() => BlenderScene.Load(folder.Path, "train"));
        Assert.Contains(folder.File("train", "r_0.png") + " does not exist", error.Message);
    }

    [Fact]
    public void Load_MatrixOfWrongShape_SaysWhichFrameAndShape()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        var json = File.ReadAllText(folder.File("transforms_train.json")).Replace(", [0, 0, 0, 1]]", "]");
        File.WriteAllText(folder.File("transforms_train.json"), json);
        var error = Assert.Throws<InvalidFileException>(() => BlenderScene.Load(folder.Path, "train"));
        Assert.Contains("transform_matrix of ./train/r_0.png is not a 4x4 matrix of numbers (rows: 3", error.Message);
    }

    [Fact]
    public void Subset_KeepsTheChosenFramesInOrderUnderTheNewSplitName()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        var scene = BlenderScene.Load(folder.Path, "train");
        var subset = scene.Subset("test", [0]);
        Assert.Equal("test", subset.Split);
        Assert.Equal(scene.Frames[0], subset.Frames[0]);
        Assert.Equal((scene.Width, scene.Height), (subset.Width, subset.Height));
        Assert.Throws<ArgumentOutOfRangeException>(() => scene.Subset("test", [1]));
    }

    [Fact]
    public void ReadPoses_NeedsNoImages()
    {
        using var folder = new TempFolder();
        WriteScene(folder);
        File.Delete(folder.File("train", "r_0.png"));
        var (angle, frames) = BlenderScene.ReadPoses(folder.File("transforms_train.json"));
        Assert.Equal(0.6911112070083618, angle);
        Assert.Equal(0.5, frames[0].CameraToWorld[3]);
    }
}
