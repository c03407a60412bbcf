using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.SuperResolution;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.SuperResolution;

/// <summary>The pieces between images and numbers: luma, scores, colour results, weights files, comparison figures.</summary>
[Collection(ConsoleCollection.Name)]
public class SrPipelineTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-sr-pipeline-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Luma_IsMatlabStudioRangeYRoundedToBytes()
    {
        var image = new ByteImage(3, 1, 3, [0, 0, 0, 255, 255, 255, 255, 0, 0]);
        // rgb2ycbcr: Y = 16 + 65.481 R + 128.553 G + 24.966 B (R, G, B in [0, 1]); red gives 81.481 -> 81.
        Assert.Equal([16, 235, 81], Luma.Of(image).Pixels);
        Assert.Equal([7, 9], Luma.Of(new ByteImage(2, 1, 1, [7, 9])).Pixels);
    }

    [Fact]
    public void Score_OneLevelOffInsideTheShavedBorder_Gives48Point13Db()
    {
        var reference = new ByteImage(20, 20, 1, Enumerable.Range(0, 400).Select(i => (byte)(i % 200)).ToArray());
        var estimate = new ByteImage(20, 20, 1, (byte[])reference.Pixels.Clone());
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < 20; x++)
            {
                bool border = x < 3 || y < 3 || x >= 17 || y >= 17;
                estimate.Pixels[y * 20 + x] = (byte)(border ? 0 : reference.Pixels[y * 20 + x] + 1);
            }
        }

        var score = SrEvaluation.Score(estimate, reference, shave: 3);
        Assert.Equal(20 * Math.Log10(255), score.Psnr, 5); // MSE of exactly one level, the border not counted
        Assert.InRange(score.Ssim, 0.99, 1.0);
    }

    [Fact]
    public void Evaluation_BicubicOfExactDownscale_BeatsBilinearAndRecordsEveryImage()
    {
        var pairs = Enumerable.Range(1, 3).Select(i =>
        {
            var highRes = SrTestData.Picture(48, 48, i);
            return new SuperResolutionPair($"img_{i}", 2, highRes, ImageResize.Resize(highRes, 0.5, ResizeMethod.Bicubic));
        }).ToArray();
        var evaluation = SrEvaluation.Run("synthetic", pairs, SrMethods.WithBaselines(2, []));

        Assert.Equal(["bilinear", "bicubic"], evaluation.Methods);
        Assert.True(evaluation.Mean(1).Psnr > evaluation.Mean(0).Psnr, $"bicubic {evaluation.Mean(1).Psnr} vs bilinear {evaluation.Mean(0).Psnr}");
        Assert.Equal(Enumerable.Range(0, 3).Average(i => evaluation[i, 1].Psnr), evaluation.Mean(1).Psnr, 10);
        Assert.Equal((48, 48), (evaluation[0, 1].Luma.Width, evaluation[0, 1].Luma.Height));
    }

    [Fact]
    public void ColourResultOfBicubicLuma_IsCloseToBicubicRgb()
    {
        var lowRes = SrTestData.Picture(16, 16, seed: 4);
        var colour = ColourComposer.Upscale(lowRes, InterpolationResolver.Bicubic(3));
        var reference = ImageResize.Resize(lowRes, 3.0, ResizeMethod.Bicubic);
        Assert.Equal((48, 48, 3), (colour.Width, colour.Height, colour.Channels));
        // Y, Cb and Cr each rounded to bytes and converted back: within a few levels of resizing RGB directly.
        int worst = colour.Pixels.Zip(reference.Pixels).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(worst, 0, 4);
    }

    [Fact]
    public void Weights_RoundTripKeepsNameScaleOffsetAndOutputs()
    {
        Tensor.ManualSeed(11);
        var network = SrNetwork.Create("fsrcnn", 2, "fsrcnn-test");
        network.LumaOffset = 0.43;
        string path = Path.Combine(root, "w.safetensors");
        SrWeights.Save(path, network, new Dictionary<string, string> { ["val_psnr"] = "31.5" });

        var loaded = SrWeights.Load(path);
        Assert.Equal(("fsrcnn", 2, "fsrcnn-test", 0.43, 31.5), (loaded.Network.Architecture, loaded.Network.Scale, loaded.Network.Name, loaded.Network.LumaOffset, loaded.ValidationPsnr));
        var plane = Luma.ToUnit(Luma.Of(SrTestData.Picture(10, 8, 1)));
        Assert.Equal(network.Upscale(plane).Data, loaded.Network.Upscale(plane).Data);
        Assert.Equal(["fsrcnn-test"], SrWeights.FindAll(root, 2).Select(w => w.Network.Name));
        Assert.Empty(SrWeights.FindAll(root, 3));
    }

    [Fact]
    public void Weights_OfAnotherArchitecture_AreRefusedWithThePath()
    {
        string path = Path.Combine(root, "srcnn-as-fsrcnn.safetensors");
        IlgpuNet.Layers.Checkpoints.SafeTensors.Write(path, SrNetwork.Create("srcnn", 3).Model.StateDict(), new Dictionary<string, string>
        {
            ["format"] = SrWeights.FormatName,
            ["architecture"] = "fsrcnn",
            ["scale"] = "3",
        });
        var error = Assert.Throws<InvalidDataException>(() => SrWeights.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("do not fit fsrcnn x3", error.Message);
    }

    [Fact]
    public void ShippedWeights_LoadForEveryFactorAndEnlargeByIt()
    {
        foreach (int scale in new[] { 2, 3, 4 })
        {
            var shipped = SrWeights.FindAll(SrWeights.ShippedDirectory, scale);
            Assert.Contains(shipped, w => w.Network.Architecture == "fsrcnn");
            Assert.Contains(shipped, w => w.Network.Architecture == "srcnn");
            var best = SrMethods.Best(shipped, scale, []);
            Assert.False(double.IsNaN(best.ValidationPsnr), $"{best.Path} records no validation PSNR");
            var output = best.Network.Upscale(Luma.ToUnit(Luma.Of(SrTestData.Picture(12, 10, scale))));
            Assert.Equal((12 * scale, 10 * scale), (output.Width, output.Height));
        }
    }

    [Fact]
    public void ComparisonFigure_HasTwoRowsOfPanelsLrHrThenEachMethod()
    {
        var highRes = SrTestData.Picture(48, 48, 2);
        var lowRes = ImageResize.Resize(highRes, 1.0 / 3, ResizeMethod.Bicubic);
        var bicubic = ColourComposer.Upscale(lowRes, InterpolationResolver.Bicubic(3));
        var figure = ComparisonGrid.Render(lowRes, highRes, [new ComparisonPanel("bicubic", bicubic, "20.00/0.500")], cellSize: 64);
        // 3 columns and 2 rows of 64-pixel cells, 2-pixel padding, a 17-pixel caption strip (10-pixel text) under each row.
        Assert.Equal((2 + 3 * 66, 2 + 2 * (64 + 17 + 2)), (figure.Width, figure.Height));
        var wrongSize = new ComparisonPanel("bad", lowRes);
        Assert.Throws<ArgumentException>(() => ComparisonGrid.Render(lowRes, highRes, [wrongSize]));
    }
}
