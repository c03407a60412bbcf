using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// Every functional op's backward against central finite differences (float64, small odd shapes). Convolution and
/// pooling run over the cross product of their options (square and non-square), see <see cref="OptionCombinations"/>.
/// </summary>
public class FunctionalGradientTests
{
    public static TheoryData<string, string, string, int, bool> Conv2dCases => OptionCombinations.Conv2d();

    public static TheoryData<string, string, string, string, int> ConvTranspose2dCases => OptionCombinations.ConvTranspose2d();

    public static TheoryData<string, string, string, string, bool> MaxPool2dCases => OptionCombinations.MaxPool2d();

    public static TheoryData<string, string, string, bool, bool> AvgPool2dCases => OptionCombinations.AvgPool2d();

    [Theory]
    [MemberData(nameof(Conv2dCases))]
    public void Conv2d_StridePaddingDilationGroupsBias_GradientMatchesFiniteDifferences(string stride, string padding, string dilation,
        int groups, bool bias)
    {
        var x = Leaf(2, 2 * groups, 7, 6);
        var w = Leaf(2 * groups, 2, 3, 2);
        var b = Leaf(2 * groups);
        GradientsMatch(t => Functional.Conv2d(t[0], t[1], bias ? t[2] : null, Pair(stride), (Padding2d)Pair(padding), Pair(dilation), groups),
            bias ? [x, w, b] : [x, w]);
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
    [MemberData(nameof(ConvTranspose2dCases))]
    public void ConvTranspose2d_StridePaddingOutputPaddingDilationGroups_GradientMatchesFiniteDifferences(string stride, string padding,
        string outputPadding, string dilation, int groups)
        => GradientsMatch(t => Functional.ConvTranspose2d(t[0], t[1], t[2], Pair(stride), Pair(padding), Pair(outputPadding), groups, Pair(dilation)),
            Leaf(2, 2 * groups, 4, 3), Leaf(2 * groups, 2, 3, 2), Leaf(2 * groups));

    [Fact]
    public void ConvTranspose2d_NoBias_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.ConvTranspose2d(t[0], t[1], null, (2, 3), (1, 0), (1, 2)), Leaf(1, 3, 3, 4), Leaf(3, 2, 3, 3));

    [Theory]
    [InlineData(true, true, 4)]
    [InlineData(true, false, 4)]
    [InlineData(false, true, 4)]
    [InlineData(false, false, 4)]
    [InlineData(true, true, 3)]
    [InlineData(true, false, 3)]
    [InlineData(false, true, 3)]
    [InlineData(true, true, 2)]
    [InlineData(true, false, 2)]
    [InlineData(false, false, 2)]
    public void BatchNorm_TrainingOrEvalAffineRank_GradientMatchesFiniteDifferences(bool training, bool affine, int rank)
    {
        int[] shape = rank switch { 4 => [3, 2, 3, 5], 3 => [5, 2, 3], _ => [5, 2] };
        var x = Leaf(shape);
        Tensor w = Leaf(2), b = Leaf(2);
        var rm = Tensor.FromArray(new[] { 0.3, -0.2 }, 2);
        var rv = Tensor.FromArray(new[] { 0.7, 1.6 }, 2);
        GradientsMatch(t => Functional.BatchNorm(t[0], training ? null : rm, training ? null : rv, affine ? t[1] : null, affine ? t[2] : null, training),
            affine ? [x, w, b] : [x]);
    }

    [Theory]
    [MemberData(nameof(MaxPool2dCases))]
    public void MaxPool2d_KernelStridePaddingDilationCeilMode_GradientMatchesFiniteDifferences(string kernel, string stride, string padding,
        string dilation, bool ceilMode)
        => GradientsMatch(t => Functional.MaxPool2d(t[0], Pair(kernel), Pair(stride), Pair(padding), Pair(dilation), ceilMode), DistinctLeaf(2, 2, 7, 6));

    [Theory]
    [MemberData(nameof(AvgPool2dCases))]
    public void AvgPool2d_KernelStridePaddingCeilModeCountIncludePad_GradientMatchesFiniteDifferences(string kernel, string stride, string padding,
        bool ceilMode, bool countIncludePad)
        => GradientsMatch(t => Functional.AvgPool2d(t[0], Pair(kernel), Pair(stride), Pair(padding), ceilMode, countIncludePad), Leaf(2, 2, 7, 6));

    [Fact]
    public void AvgPool2d_DivisorOverride_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.AvgPool2d(t[0], 3, 2, 1, divisorOverride: 5), Leaf(1, 2, 6, 5));

    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(9, 8)]
    [InlineData(2, 7)]
    public void AdaptivePools_OddSizes_GradientMatchesFiniteDifferences(int outH, int outW)
    {
        GradientsMatch(t => Functional.AdaptiveAvgPool2d(t[0], (outH, outW)), Leaf(2, 2, 7, 5));
        GradientsMatch(t => Functional.AdaptiveMaxPool2d(t[0], (outH, outW)), DistinctLeaf(2, 2, 7, 5));
    }

    [Theory]
    [InlineData(UpsampleMode.Nearest, null, 2.0)]
    [InlineData(UpsampleMode.Nearest, null, 1.7)]
    [InlineData(UpsampleMode.Nearest, null, 0.6)]
    [InlineData(UpsampleMode.Bilinear, true, 2.3)]
    [InlineData(UpsampleMode.Bilinear, false, 2.3)]
    [InlineData(UpsampleMode.Bilinear, true, 0.6)]
    [InlineData(UpsampleMode.Bilinear, false, 0.6)]
    public void Interpolate_ModeAlignCornersScale_GradientMatchesFiniteDifferences(UpsampleMode mode, bool? alignCorners, double scale)
        => GradientsMatch(t => Functional.Interpolate(t[0], scaleFactor: scale, mode: mode, alignCorners: alignCorners), Leaf(1, 2, 5, 4));

    [Theory]
    [InlineData(UpsampleMode.Nearest, null, 7, 3)]
    [InlineData(UpsampleMode.Nearest, null, 3, 9)]
    [InlineData(UpsampleMode.Bilinear, true, 7, 3)]
    [InlineData(UpsampleMode.Bilinear, false, 7, 3)]
    [InlineData(UpsampleMode.Bilinear, true, 3, 9)]
    [InlineData(UpsampleMode.Bilinear, false, 3, 9)]
    public void Interpolate_ModeAlignCornersSize_GradientMatchesFiniteDifferences(UpsampleMode mode, bool? alignCorners, int outH, int outW)
        => GradientsMatch(t => Functional.Interpolate(t[0], size: (outH, outW), mode: mode, alignCorners: alignCorners), Leaf(2, 1, 4, 5));

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
    public void Linear_TransposedInputAndWeight_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.Linear(t[0].Transpose(0, 1), t[1].Transpose(0, 1), t[2]), Leaf(5, 3), Leaf(5, 4), Leaf(4));

    [Fact]
    public void ReluLinear_WithAndWithoutBias_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.ReluLinear(t[0], t[1], t[2]), Leaf(3, 2, 5), Leaf(4, 5), Leaf(4));
        GradientsMatch(t => Functional.ReluLinear(t[0].Transpose(0, 1), t[1]), Leaf(5, 3), Leaf(4, 5));
    }

    [Fact]
    public void ReluLinear_EqualsLinearOfRelu_ValuesAndGradients()
    {
        // large enough for the parallel GEMMs; float32, as the fused path runs it
        var (x1, x2) = (Tensor.Randn([301, 70]), Tensor.Randn([301, 70]));
        x2.CopyFrom(x1);
        var (w1, w2) = (Tensor.Randn([45, 70]), Tensor.Zeros([45, 70]));
        w2.CopyFrom(w1);
        var (b1, b2) = (Tensor.Randn([45]), Tensor.Zeros([45]));
        b2.CopyFrom(b1);
        foreach (var t in new[] { x1, x2, w1, w2, b1, b2 })
        {
            t.RequiresGrad = true;
        }

        var upstream = Tensor.Randn([301, 45]);
        var fused = Functional.ReluLinear(x1, w1, b1);
        var separate = Functional.Linear(x2.Relu(), w2, b2);
        Close(separate, fused, 1e-5);
        fused.Backward(upstream);
        separate.Backward(upstream);
        Close(x2.Grad!, x1.Grad, 1e-5, "dx");
        Close(w2.Grad!, w1.Grad, 1e-4, "dW");
        Close(b2.Grad!, b1.Grad, 1e-4, "db");
    }

    [Fact]
    public void Linear_WithBias_EqualsSumOfRowsTimesWeightsPlusBias()
    {
        // Big enough for the parallel GEMM and the parallel bias fill: every element against a float64 dot product.
        var x = Tensor.Randn([301, 70]);
        var w = Tensor.Randn([45, 70]);
        var b = Tensor.Randn([45]);
        var y = Functional.Linear(x, w, b).ToArray<float>();
        var (xs, ws, bs) = (x.ToArray<float>(), w.ToArray<float>(), b.ToArray<float>());
        for (int i = 0; i < 301; i++)
        {
            for (int j = 0; j < 45; j++)
            {
                double expected = bs[j];
                for (int p = 0; p < 70; p++)
                {
                    expected += (double)xs[i * 70 + p] * ws[j * 70 + p];
                }

                Assert.True(Math.Abs(y[i * 45 + j] - expected) < 1e-4, $"y[{i}, {j}] = {y[i * 45 + j]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void PRelu_PerChannelAndShared_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.PRelu(t[0], t[1]), Leaf(2, 3, 4, 3), Leaf(3));
        GradientsMatch(t => Functional.PRelu(t[0], t[1]), Leaf(3, 5), Leaf(1));
    }

    [Fact]
    public void LeakyRelu_DefaultAndSteepSlope_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.LeakyRelu(t[0]), Leaf(3, 7));
        GradientsMatch(t => Functional.LeakyRelu(t[0], 0.3), Leaf(2, 3, 5));
    }

    [Fact]
    public void Elu_DefaultAndScaledAlpha_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.Elu(t[0].Mul(3)), Leaf(3, 7));
        GradientsMatch(t => Functional.Elu(t[0].Mul(3), 1.3), Leaf(2, 3, 5));
    }

    [Fact]
    public void Gelu_GradientMatchesFiniteDifferences() => GradientsMatch(t => Functional.Gelu(t[0].Mul(3)), Leaf(3, 7));

    [Fact]
    public void Softplus_BetaAndBothSidesOfThreshold_GradientMatchesFiniteDifferences()
    {
        GradientsMatch(t => Functional.Softplus(t[0].Mul(3)), Leaf(3, 7));
        GradientsMatch(t => Functional.Softplus(t[0].Mul(3), beta: 2, threshold: 3), Leaf(3, 7)); // 2x > 3 is linear
    }

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

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropy_ProbabilityTargets_GradientMatchesFiniteDifferences(Reduction reduction)
    {
        var probs = Tensor.Rand([3, 4], 0, 1, DType.Float64, new Generator(5)).Softmax(1);
        GradientsMatch(t => Functional.CrossEntropy(t[0], t[1], labelSmoothing: 0.1, reduction: reduction), Leaf(3, 4), probs.Detach().Clone());
        var pixelProbs = Tensor.Rand([2, 3, 2, 3], 0, 1, DType.Float64, new Generator(6)).Softmax(1);
        var weight = Tensor.FromArray(new[] { 0.5, 1.5, 1.0 }, 3);
        GradientsMatch(t => Functional.CrossEntropy(t[0], pixelProbs, weight, reduction: reduction, labelSmoothing: 0.2), Leaf(2, 3, 2, 3));
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void BinaryLosses_WeightsPosWeightReduction_GradientMatchesFiniteDifferences(Reduction reduction)
    {
        var target = Tensor.Rand([3, 4], 0, 1, DType.Float64, new Generator(9));
        var weight = Tensor.Rand([3, 4], 0.5, 1.5, DType.Float64, new Generator(11));
        var probs = Tensor.Rand([3, 4], 0.1, 0.9, DType.Float64, new Generator(10));
        probs.RequiresGrad = true;
        GradientsMatch(t => Functional.BinaryCrossEntropy(t[0], target, weight, reduction), probs);
        var posWeight = Tensor.FromArray(new[] { 0.5, 2.0, 1.0, 3.0 }, 4);
        GradientsMatch(t => Functional.BinaryCrossEntropyWithLogits(t[0].Mul(4.0), target, weight, reduction, posWeight), Leaf(3, 4));
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void RegressionLosses_Reduction_GradientMatchesFiniteDifferences(Reduction reduction)
    {
        var target = Leaf(3, 5).Detach();
        GradientsMatch(t => Functional.MseLoss(t[0], target, reduction), Leaf(3, 5));
        GradientsMatch(t => Functional.L1Loss(t[0], target, reduction), Leaf(3, 5));
        GradientsMatch(t => Functional.SmoothL1Loss(t[0], target, reduction, beta: 0.4), Leaf(3, 5));
        GradientsMatch(t => Functional.HuberLoss(t[0], target, reduction, 0.3), Leaf(3, 5));
    }

    [Theory]
    [InlineData(Reduction.Mean, -100)]
    [InlineData(Reduction.Sum, 1)]
    [InlineData(Reduction.None, 2)]
    public void NllLoss_PixelWiseWeightsIgnoreIndex_GradientMatchesFiniteDifferences(Reduction reduction, long ignoreIndex)
    {
        var target = Tensor.FromArray(new long[] { 0, 1, 2, 1, 3, 2, 0, 1, 2, 3, 3, 0 }, 2, 2, 3);
        var weight = Tensor.FromArray(new[] { 0.5, 1.5, 1.0, 2.0 }, 4);
        GradientsMatch(t => Functional.NllLoss(t[0], target, weight, ignoreIndex, reduction), Leaf(2, 4, 2, 3));
    }

    [Fact]
    public void NllLoss_Unbatched_GradientMatchesFiniteDifferences()
        => GradientsMatch(t => Functional.NllLoss(t[0].LogSoftmax(0), Tensor.Scalar(2, DType.Int64)), Leaf(5));

    private static Size2 Pair(string text) => OptionCombinations.Parse(text);
}
