using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>Every functional op's backward against central finite differences (float64, small odd shapes).</summary>
public class FunctionalGradientTests
{
    [Theory]
    [InlineData(1, 0, 1, 1, true)]
    [InlineData(2, 1, 1, 1, true)]
    [InlineData(1, 2, 2, 1, false)]
    [InlineData(2, 1, 2, 2, true)]
    [InlineData(3, 0, 1, 3, false)]
    public void Conv2d_StridePaddingDilationGroups_GradientMatchesFiniteDifferences(int stride, int padding, int dilation, int groups, bool bias)
    {
        var x = Leaf(2, 3 * groups, 7, 6);
        var w = Leaf(2 * groups, 3, 3, 2);
        var b = Leaf(2 * groups);
        GradientsMatch(t => Functional.Conv2d(t[0], t[1], bias ? t[2] : null, stride, padding, dilation, groups), x, w, b);
    }

    [Fact]
    public void Conv2d_Stride2Dilation2Groups2_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.Conv2d(t[0], t[1], t[2], (2, 1), (1, 2), (2, 1), 2), Leaf(1, 4, 9, 7), Leaf(4, 2, 3, 3), Leaf(4));

    [Fact]
    public void Conv2d_PaddingSameEvenKernel_GradientMatchesFiniteDifferences()
    {
        var x = Leaf(1, 2, 5, 4);
        GradientsMatch(t => Functional.Conv2d(t[0], t[1], null, padding: "same"), x, Leaf(3, 2, 2, 3));
        Assert.Equal([1, 3, 5, 4], Functional.Conv2d(x, Leaf(3, 2, 2, 3), padding: "same").Shape);
    }

    [Fact]
    public void Conv2d_UnbatchedInput_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.Conv2d(t[0], t[1], t[2], padding: 1), Leaf(2, 5, 5), Leaf(3, 2, 3, 3), Leaf(3));

    [Theory]
    [InlineData(2, 1, 1, 1, 1)]
    [InlineData(3, 0, 2, 1, 1)]
    [InlineData(2, 1, 0, 2, 2)]
    [InlineData(1, 0, 0, 1, 3)]
    public void ConvTranspose2d_StridePaddingOutputPaddingDilationGroups_GradientMatchesFiniteDifferences(int stride, int padding, int outputPadding,
        int dilation, int groups)
        => GradientsMatch(t => Functional.ConvTranspose2d(t[0], t[1], t[2], stride, padding, outputPadding, groups, dilation),
            Leaf(2, 3 * groups, 4, 3), Leaf(3 * groups, 2, 3, 2), Leaf(2 * groups));

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void BatchNorm_TrainingOrEval_GradientMatchesFiniteDifferences(bool training, bool affine)
    {
        var x = Leaf(3, 2, 3, 5);
        Tensor w = Leaf(2), b = Leaf(2);
        var rm = Tensor.Zeros([2], DType.Float64);
        var rv = Tensor.Ones([2], DType.Float64);
        GradientsMatch(t => Functional.BatchNorm(t[0], training ? null : rm, training ? null : rv, affine ? t[1] : null, affine ? t[2] : null, training),
            x, w, b);
    }

    [Fact]
    public void BatchNorm_1dInput_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true), Leaf(5, 3), Leaf(3), Leaf(3));

    [Theory]
    [InlineData(3, 2, 1, 1, false)]
    [InlineData(3, 2, 0, 2, true)]
    [InlineData(2, 1, 1, 1, true)]
    [InlineData(2, 3, 0, 1, true)]
    public void MaxPool2d_StridePaddingDilationCeilMode_GradientMatchesFiniteDifferences(int kernel, int stride, int padding, int dilation, bool ceilMode)
        => GradientsMatch(t => Functional.MaxPool2d(t[0], kernel, stride, padding, dilation, ceilMode), DistinctLeaf(2, 2, 7, 6));

    [Theory]
    [InlineData(3, 2, 1, false, true)]
    [InlineData(3, 2, 1, true, false)]
    [InlineData(3, 2, 1, true, true)]
    [InlineData(2, 3, 0, true, true)]
    [InlineData(2, 1, 1, false, false)]
    public void AvgPool2d_StridePaddingCeilModeCountIncludePad_GradientMatchesFiniteDifferences(int kernel, int stride, int padding, bool ceilMode,
        bool countIncludePad)
        => GradientsMatch(t => Functional.AvgPool2d(t[0], kernel, stride, padding, ceilMode, countIncludePad), Leaf(2, 2, 7, 6));

    [Fact]
    public void AvgPool2d_DivisorOverride_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.AvgPool2d(t[0], 3, 2, 1, divisorOverride: 5), Leaf(1, 2, 6, 5));

    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    public void AdaptivePools_OddSizes_GradientMatchesFiniteDifferences(int outH, int outW)
    {
        GradientsMatch(t => Functional.AdaptiveAvgPool2d(t[0], (outH, outW)), Leaf(2, 2, 7, 5));
        GradientsMatch(t => Functional.AdaptiveMaxPool2d(t[0], (outH, outW)), DistinctLeaf(2, 2, 7, 5));
    }

    [Theory]
    [InlineData(UpsampleMode.Nearest, null, 2.0)]
    [InlineData(UpsampleMode.Nearest, null, 1.7)]
    [InlineData(UpsampleMode.Bilinear, true, 2.3)]
    [InlineData(UpsampleMode.Bilinear, false, 2.3)]
    [InlineData(UpsampleMode.Bilinear, false, 0.6)]
    public void Interpolate_ModeAlignCornersScale_GradientMatchesFiniteDifferences(UpsampleMode mode, bool? alignCorners, double scale)
        => GradientsMatch(t => Functional.Interpolate(t[0], scaleFactor: scale, mode: mode, alignCorners: alignCorners), Leaf(1, 2, 5, 4));

    [Fact]
    public void Interpolate_BilinearBySize_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.Interpolate(t[0], size: (7, 3), mode: UpsampleMode.Bilinear, alignCorners: true), Leaf(2, 1, 4, 5));

    [Fact]
    public void PixelShuffle_AndUnshuffle_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.PixelShuffle(t[0], 2), Leaf(2, 8, 3, 2));
        GradientsMatch(t => Functional.PixelUnshuffle(t[0], 3), Leaf(1, 2, 6, 3));
    }

    [Fact]
    public void Linear_WithBias_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.Linear(t[0], t[1], t[2]), Leaf(3, 2, 5), Leaf(4, 5), Leaf(4));

    [Fact]
    public void PRelu_PerChannel_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.PRelu(t[0], t[1]), Leaf(2, 3, 4, 3), Leaf(3));

    [Fact]
    public void Dropout_Training_GradientIsTheMask()
    {
        var gen = new Generator(3);
        var x = Leaf(4, 5);
        GradientsMatch(t => Functional.Dropout(t[0], 0.3, true, gen.ManualSeed(3)), x);
    }

    [Theory]
    [InlineData(Reduction.Mean, 0.0, -100)]
    [InlineData(Reduction.Mean, 0.2, 1)]
    [InlineData(Reduction.Sum, 0.1, 2)]
    [InlineData(Reduction.None, 0.3, 0)]
    public void CrossEntropy_WeightsIgnoreIndexSmoothing_GradientMatchesFiniteDifferences(Reduction reduction, double smoothing, long ignoreIndex)
    {
        var target = Tensor.FromArray(new long[] { 0, 1, 2, 1, 3, 2, 0, 1, 2, 3, 3, 0 }, 2, 2, 3);
        var weight = Tensor.FromArray(new[] { 0.5, 1.5, 1.0, 2.0 }, 4);
        GradientsMatch(t => Functional.CrossEntropy(t[0], target, weight, ignoreIndex, reduction, smoothing), Leaf(2, 4, 2, 3));
        GradientsMatch(t => Functional.CrossEntropy(t[0], target.Reshape(4, 3).Select(1, 0), null, ignoreIndex, reduction, smoothing), Leaf(4, 4));
    }

    [Fact]
    public void CrossEntropy_ProbabilityTargets_GradientMatchesFiniteDifferences()
    {
        var probs = Tensor.Rand([3, 4], 0, 1, DType.Float64, new Generator(5)).Softmax(1);
        GradientsMatch(t => Functional.CrossEntropy(t[0], t[1], labelSmoothing: 0.1), Leaf(3, 4), probs.Detach().Clone());
    }

    [Fact]
    public void BinaryLosses_GradientMatchesFiniteDifferences()
    {
        var target = Tensor.Rand([3, 4], 0, 1, DType.Float64, new Generator(9));
        var probs = Tensor.Rand([3, 4], 0.1, 0.9, DType.Float64, new Generator(10));
        probs.RequiresGrad = true;
        GradientsMatch(t => Functional.BinaryCrossEntropy(t[0], target, reduction: Reduction.Sum), probs);
        var posWeight = Tensor.FromArray(new[] { 0.5, 2.0, 1.0, 3.0 }, 4);
        GradientsMatch(t => Functional.BinaryCrossEntropyWithLogits(t[0].Mul(4.0), target, posWeight: posWeight), Leaf(3, 4));
    }

    [Fact]
    public void RegressionLosses_GradientMatchesFiniteDifferences()
    {
        var target = Leaf(3, 5).Detach();
        GradientsMatch(t => Functional.MseLoss(t[0], target), Leaf(3, 5));
        GradientsMatch(t => Functional.L1Loss(t[0], target, Reduction.Sum), Leaf(3, 5));
        GradientsMatch(t => Functional.SmoothL1Loss(t[0], target, beta: 0.4), Leaf(3, 5));
        GradientsMatch(t => Functional.HuberLoss(t[0], target, Reduction.None, 0.3), Leaf(3, 5));
    }

    [Fact]
    public void NllLoss_Unbatched_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.NllLoss(t[0].LogSoftmax(0), Tensor.Scalar(2, DType.Int64)), Leaf(5));
}
