using IlgpuNet.Data.Imaging;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Scenes;

namespace IlgpuNet.Tests.Projects.Nerf;

public class SceneTests
{
    [Fact]
    public void SceneSplits_WithoutTestFile_HoldOutTheLastFramesOfTrain()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Path, 8, trainViews: 14, valViews: 1, testViews: 1, seed: 3);
        File.Delete(folder.Sub("transforms_test.json"));
        File.Delete(folder.Sub("transforms_val.json"));
        var holdout = new Holdout(Test: 10, Val: 2);
        var train = SceneSplits.Load(folder.Path, "train", 1, holdout);
        var val = SceneSplits.Load(folder.Path, "val", 1, holdout);
        var test = SceneSplits.Load(folder.Path, "test", 1, holdout);
        string Names(IlgpuNet.Data.Datasets.BlenderScene s) => string.Join(",", s.Frames.Select(f => Path.GetFileNameWithoutExtension(f.ImagePath)));
        Assert.Equal("r_0,r_1", Names(train));
        Assert.Equal("r_2,r_3", Names(val));
        Assert.Equal("r_4,r_5,r_6,r_7,r_8,r_9,r_10,r_11,r_12,r_13", Names(test));
        Assert.Contains("last 12 frames", SceneSplits.Describe(folder.Path, "train", holdout));
    }

    [Fact]
    public void SceneSplits_WithSplitFiles_UseThemAndKeepEveryTrainingView()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Path, 8, trainViews: 5, valViews: 2, testViews: 3, seed: 3);
        Assert.Equal(5, SceneSplits.Load(folder.Path, "train", 1, new Holdout()).Count);
        Assert.Equal(2, SceneSplits.Load(folder.Path, "val", 1, new Holdout()).Count);
        Assert.Equal(3, SceneSplits.Load(folder.Path, "test", 1, new Holdout()).Count);
    }

    [Fact]
    public void AnalyticScene_CentreHitsTheSceneAndCornersAreTransparent()
    {
        var camera = PinholeCamera.FromFieldOfView(32, 32, AnalyticScene.CameraAngleX);
        var image = AnalyticScene.Render(camera, CameraPoses.OnSphere(AnalyticScene.CameraRadius, 40, 35));
        Assert.Equal(255, image.At(16, 16, 3));
        Assert.Equal(0, image.At(0, 0, 3));
        Assert.Equal(0, image.At(31, 0, 3));
        // not a flat colour: the checker, stripes and shading vary over the covered pixels
        var covered = Enumerable.Range(0, 32 * 32).Where(p => image.Pixels[(4 * p) + 3] == 255).Select(p => image.Pixels[4 * p]).Distinct().Count();
        Assert.True(covered > 20, $"only {covered} distinct red levels");
    }

    [Fact]
    public void MakeScene_WritesBlenderFormatThatLoadsBack()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Path, 12, trainViews: 3, valViews: 1, testViews: 2, seed: 9);
        var views = SceneViews.Load(IlgpuNet.Data.Datasets.BlenderScene.Load(folder.Path, "test"));
        Assert.Equal(2, views.Count);
        Assert.Equal((12, 12), (views.Camera.Width, views.Camera.Height));
        Assert.Equal(AnalyticScene.Pose(9, 4), views.Poses[0], new ToleranceComparer(1e-6));
        Assert.Equal(4, ImageFile.Read(folder.Sub("train", "r_0.png")).Channels);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
