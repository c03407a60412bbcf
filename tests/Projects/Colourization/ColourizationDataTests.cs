using IlgpuNet.Colourization;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Layers;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Colourization;

/// <summary>The palette, the per-pixel targets, the stand-in's split by source image, and per-pixel accuracy.</summary>
[Collection(ConsoleCollection.Name)]
public class ColourizationDataTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-colour-data-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static List<ByteImage> Images(int count, int side = 8) => Enumerable.Range(0, count).Select(i => ColourTestImages.Image(i, side, side)).ToList();

    [Fact]
    public void Palette_FindsTheImagesColours_ClassifiesByNearestCentroid_AndRoundTripsThroughTheRunFolder()
    {
        var images = Images(8);
        var palette = ColourPalette.Fit(images, 4, samplePixels: 2000, seed: 5);

        // the four colours of the images (noise ±6) are the four centroids, sorted by luma: blue, red, green, yellow
        var expected = new (float R, float G, float B)[] { (40, 60, 200), (220, 40, 30), (30, 160, 60), (230, 210, 40) };
        for (int c = 0; c < 4; c++)
        {
            Assert.InRange(palette[c].R * 255, expected[c].R - 2, expected[c].R + 2);
            Assert.InRange(palette[c].G * 255, expected[c].G - 2, expected[c].G + 2);
            Assert.InRange(palette[c].B * 255, expected[c].B - 2, expected[c].B + 2);
        }

        var classes = palette.Classes(images[0]); // left half red (class 1), right half green (class 2)
        Assert.All(Enumerable.Range(0, 8), y => Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], classes.Skip(8 * y).Take(8).Select(c => (int)c)));
        var painted = palette.Paint(classes, 8, 8);
        Assert.Equal(FloatToByte(palette[2].G), painted.At(6, 3, 1));

        var run = RunFolder.Create(Path.Combine(root, "run"));
        var loaded = ColourPalette.Load(palette.Save(run));
        Assert.Equal(Enumerable.Range(0, 4).Select(c => palette[c]), Enumerable.Range(0, 4).Select(c => loaded[c]));
        Assert.Equal((palette.SampledPixels, palette.Iterations), (loaded.SampledPixels, loaded.Iterations));

        File.WriteAllText(Path.Combine(run.Root, ColourPalette.FileName), "{ \"colours\": [[0.1, 2.0, 0.3]] }");
        Assert.Contains(ColourPalette.FileName, Assert.Throws<InvalidFileException>(() => ColourPalette.Load(Path.Combine(run.Root, ColourPalette.FileName))).Message);
    }

    private static byte FloatToByte(float value) => (byte)Math.Round(value * 255, MidpointRounding.AwayFromZero);

    [Fact]
    public void Batches_GreyIsTheMeanOfRgb_TargetsArePixelClasses()
    {
        var images = Images(5);
        var palette = ColourPalette.Fit(images, 4, 2000, seed: 5);
        var data = new ColourizationBatches(images, palette, seed: 1);

        var batches = data.Batches(0, 2, shuffle: false).ToList();

        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.Equal([2, 1, 8, 8], batches[0].Images.Shape);
        Assert.Equal([2, 8, 8], batches[0].Labels.Shape);
        var image = images[3];
        float grey = batches[1].Images.ToArray<float>()[64 + 5 * 8 + 6]; // image 3, row 5, column 6
        Assert.Equal((image.At(6, 5, 0) + image.At(6, 5, 1) + image.At(6, 5, 2)) / (3 * 255f), grey, 6);
        Assert.Equal(palette.Classes(image).Select(c => (long)c), batches[1].Labels.ToArray<long>()[64..128]);
        Assert.Equal(data.BatchCount(2), batches.Count);
    }

    /// <summary>Per-pixel targets: loss and accuracy are over pixels, not images.</summary>
    [Fact]
    public void Measure_PerPixelTargets_CountsPixels()
    {
        var images = Images(3);
        var palette = ColourPalette.Fit(images, 4, 2000, seed: 5);
        var data = new ColourizationBatches(images, palette, seed: 1);
        // a model that always says class 1 (red): right on exactly the red pixels
        var model = new ConstantClass(1, 4);
        long red = images.Sum(image => palette.Classes(image).Count(c => c == 1));

        var (loss, accuracy, _) = ClassifierSteps.Measure(model, data, batchSize: 2);

        Assert.Equal(red / (3.0 * 64), accuracy, 12);
        double expectedLoss = -Math.Log(Math.Exp(2) / (Math.Exp(2) + 3)) * red / (3 * 64) - Math.Log(1 / (Math.Exp(2) + 3)) * (3 * 64 - red) / (3 * 64);
        Assert.Equal(expectedLoss, loss, 5);
    }

    private sealed class ConstantClass(int label, int classes) : Module
    {
        public override Tensor Forward(Tensor input)
        {
            var logits = new float[input.Size(0) * classes * input.Size(2) * input.Size(3)];
            int plane = input.Size(2) * input.Size(3);
            for (int n = 0; n < input.Size(0); n++)
            {
                Array.Fill(logits, 2f, (n * classes + label) * plane, plane);
            }

            return Tensor.FromArray(logits, input.Size(0), classes, input.Size(2), input.Size(3));
        }
    }

    [Fact]
    public void StandIn_SplitsBySourceImage_SoNoValidationCropComesFromATrainingImage()
    {
        // every image has its own colour pair and noise, so a crop tells which image it came from
        ColourTestImages.WriteStandInFolder(root, 6, width: 64, height: 96);
        var options = new ColourizationOptions { ValidationImages = 2, Downscale = 1, CropStride = 32 };

        var data = ColourizationData.Load(options, root, seed: 3);
        var again = ColourizationData.Load(options, root, seed: 3);

        Assert.Equal(4, data.TrainSources.Count);
        Assert.Equal(2, data.ValidationSources.Count);
        Assert.Empty(data.TrainSources.Intersect(data.ValidationSources));
        Assert.Equal(data.ValidationSources, again.ValidationSources);
        Assert.Equal((4 * 6, 2 * 6), (data.Train.Count, data.Validation.Count)); // 2×3 crops of 32×32 per 64×96 image
        var trainPixels = data.Train.Select(c => Convert.ToHexString(c.Pixels)).ToHashSet();
        Assert.DoesNotContain(data.Validation, crop => trainPixels.Contains(Convert.ToHexString(crop.Pixels)));
        var first = ImageFile.Decode(File.ReadAllBytes(Path.Combine(root, "sr", "train-BSD100-HR", data.ValidationSources[0]!)), "first");
        Assert.Equal(first.Pixels[..(32 * 3)], data.Validation[0].Pixels[..(32 * 3)]); // the top-left crop's first row

        var shrunk = ColourizationData.Load(options with { Downscale = 2, CropStride = 16 }, root, seed: 3);
        Assert.Equal(4 * 1 * 2, shrunk.Train.Count); // 32×48 after shrinking: one row, two crops

        string corrupt = Path.Combine(root, "sr", "train-BSD100-HR", "img_004.png");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(corrupt)[..200]);
        Assert.Contains(corrupt, Assert.Throws<InvalidFileException>(() => ColourizationData.Load(options, root, seed: 3)).Message);
    }
}
