using IlgpuNet.Composite;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Composite;

/// <summary>The composite images, their generator's correlation, the digit swap and the shortcut measures.</summary>
public class CompositeDataTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-composite-data-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Compose_PutsTheClassImageTopLeftAndTheDigitCentredBottomRight()
    {
        var classImage = new ByteImage(32, 32, 3);
        classImage.At(5, 7, 1) = 200;
        var digit = new ByteImage(28, 28, 1);
        digit.At(0, 0, 0) = 99;
        var image = CompositeLayout.Compose(classImage, digit);
        Assert.Equal((64, 64, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(200, image.At(5, 7, 1));
        Assert.Equal(0, image.At(5, 7, 0));
        Assert.Equal([99, 99, 99], Enumerable.Range(0, 3).Select(c => (int)image.At(34, 34, c)));
        Assert.Equal(1, image.Pixels.Count(p => p == 99) / 3);
        Assert.Throws<ArgumentException>(() => CompositeLayout.Compose(new ByteImage(28, 28, 3), digit));
    }

    [Fact]
    public void DigitSwap_ReplacesOnlyTheDigitQuadrantWithTheDonors()
    {
        var donor = new ByteImage(64, 64, 3);
        Array.Fill(donor.Pixels, (byte)255);
        var swap = new DigitSwap(new SingleImage(new LabeledImage(donor, 3)));
        var image = new FloatImage(3, 64, 64);
        Array.Fill(image.Data, 0.25f);
        var swapped = swap.Apply(image, new Random(1));
        Assert.Equal(1f, swapped.At(2, 32, 32));
        Assert.Equal(1f, swapped.At(0, 63, 63));
        Assert.Equal(0.25f, swapped.At(0, 31, 63)); // top-right: not the digit quadrant
        Assert.Equal(0.25f, swapped.At(1, 63, 31)); // bottom-left
        Assert.Equal(32 * 32 * 3, swapped.Data.Count(v => v == 1f));
        Assert.Equal(0.25f, image.At(0, 40, 40)); // the input is not modified
    }

    [Fact]
    public void Builder_CorrelatesDigitsWithClassesInTrainingOnly()
    {
        var gray = new TinyGray(1200);
        var classes = new CifarData(CifarData.AsCifarShape(gray), CifarData.AsCifarShape(new TinyGray(200)), CifarData.FashionClassNames, "tiny", IsStandIn: true);
        var samples = new CompositeDatasetBuilder(classes, new TinyGray(600), seed: 4).Build(root, 800, 300, 100, correlation: 0.64);
        double Agreement(string split) => samples.Where(s => s.Split == split).Average(s => s.Digit == s.Label ? 1.0 : 0.0);
        Assert.InRange(Agreement("train"), 0.58, 0.70);
        Assert.InRange(Agreement("val"), 0.05, 0.17);
        Assert.InRange(Agreement("test"), 0.03, 0.20);
        Assert.Equal(800, Directory.EnumerateFiles(Path.Combine(root, "train"), "*.png", SearchOption.AllDirectories).Count());

        var data = CompositeData.Open(root);
        Assert.Equal(100, data.LabelledTest!.Count);
        var listed = samples.Where(s => s.Split == "test").OrderBy(s => s.File, StringComparer.Ordinal).Select(s => s.Label);
        Assert.Equal(listed, Enumerable.Range(0, 100).Select(i => data.LabelledTest[i].Label));
        Assert.Equal(samples.Where(s => s.Split == "val").Sum(s => s.Digit), data.ValidationDigits!.Sum());
    }

    [Fact]
    public void ShortcutMeasures_SplitAccuracyByWhetherTheDigitAgrees()
    {
        // digits agree on the first two images (both right); of the three others one is right and two follow the digit
        var evaluation = new Evaluation(0, 0.6, [0, 1, 2, 7, 8], [0, 1, 2, 3, 4]);
        var measures = ShortcutMeasures.Of(evaluation, [0, 1, 5, 7, 8]);
        Assert.Equal(1.0, measures.AgreeAccuracy);
        Assert.Equal(1.0 / 3, measures.DisagreeAccuracy, 12);
        Assert.Equal(2.0 / 3, measures.FollowsDigit, 12);
        Assert.Equal((2, 3), (measures.Agree, measures.Disagree));
    }

    [Fact]
    public void EtaSquared_IsOneForSeparatedGroupsAndZeroForEqualMeans()
    {
        double[][] values = [[1, 5], [1, 7], [3, 5], [3, 7]];
        var eta = ActivationNorms.EtaSquared(values, [0, 0, 1, 1], 2, 2);
        Assert.Equal(1.0, eta[0], 12); // filter 0 differs only between the groups
        Assert.Equal(0.0, eta[1], 12); // filter 1 varies the same way inside each group
    }

    private sealed class SingleImage(LabeledImage image) : IDataset<LabeledImage>
    {
        public int Count => 1;

        public LabeledImage this[int index] => image;
    }

    /// <summary>28×28 gray images with label i % 10.</summary>
    private sealed class TinyGray(int count) : IDataset<LabeledImage>
    {
        public int Count => count;

        public LabeledImage this[int index] => new(new ByteImage(28, 28, 1, Enumerable.Repeat((byte)(index % 10 * 20), 28 * 28).ToArray()), index % 10);
    }
}
