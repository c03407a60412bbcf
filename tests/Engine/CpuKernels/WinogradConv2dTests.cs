using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// The F(4×4, 3×3) and F(4×4, 5×5) Winograd kernels called directly, in float, against the direct definitions of the
/// convolution and its two gradients in double: whole and partial tiles, every padding they take, channel counts whose
/// K·C is not a whole number of vectors, and batches whose tiles fill several chunks with a partial last one.
/// </summary>
public class WinogradConv2dTests
{
    // N, C, H, W, K, filter side, padding
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 2, 32, 8, 8, 32, 3, 1 },    // whole 4×4 tiles
        new[] { 3, 33, 7, 9, 35, 3, 1 },    // partial tiles on both edges; 33·35 pairs: a partial vector of filters
        new[] { 1, 5, 6, 5, 7, 3, 0 },      // no padding: a 4×3 output, one partial tile
        new[] { 2, 16, 5, 6, 20, 3, 2 },    // padding 2: the input gradient's padding is 0
        new[] { 5, 32, 15, 17, 32, 3, 1 },  // 5 · 4 · 5 = 100 tiles: several chunks, the last one partial
        new[] { 2, 32, 8, 8, 64, 5, 2 },    // 5×5, Table-2's padding: whole tiles
        new[] { 3, 33, 9, 11, 35, 5, 2 },   // partial tiles on both edges, a partial vector of filters
        new[] { 1, 5, 8, 9, 7, 5, 0 },      // no padding: a 4×5 output (the input gradient's padding is 4)
        new[] { 2, 16, 5, 6, 20, 5, 4 },    // padding 4: the input gradient's padding is 0
        new[] { 2, 8, 7, 7, 9, 5, 1 },      // padding 1 and 3 on the way back
        new[] { 5, 32, 16, 17, 32, 5, 2 },  // 5 · 4 · 5 = 100 tiles: several chunks, the last one partial
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesDirectDefinitions(int[] p)
    {
        var g = new Conv2dGeometry(p[0], p[1], p[2], p[3], p[4], p[5], p[5], padH: p[6], padW: p[6]);
        var (x, w, b, dy) = (Random(g.InputLength, 31), Random(g.WeightLength, 32), Random(g.OutChannels, 33), Random(g.OutputLength, 34));

        // Errors are measured against the outputs' root mean square: each output sums r²·C products, and the transforms
        // keep a few 1e-5 of that scale (F(4, 5)'s larger coefficients included); a wrong coefficient costs far more.
        var y = Poisoned<float>(g.OutputLength);
        WinogradConv2d.Forward(g, ToFloat(x), ToFloat(w), ToFloat(b), y);
        AssertCloseToScale(Conv2dKernelsTests.Reference(g, x, w, b), y);

        var (dxExpected, dwExpected) = ImageLaneConv2dTests.ReferenceBackward(g, x, w, dy);
        var dx = Poisoned<float>(g.InputLength);
        WinogradConv2d.BackwardInput(g, ToFloat(dy), ToFloat(w), dx);
        AssertCloseToScale(dxExpected, dx);

        var dw = Poisoned<float>(g.WeightLength);
        WinogradConv2d.BackwardWeight(g, ToFloat(x), ToFloat(dy), dw);
        AssertCloseToScale(dwExpected, dw);

        // both ways of summing over tiles: a private sum per worker (0), groups of one chunk (1), one group of all
        foreach (long groupFloats in new[] { 0, 1, long.MaxValue })
        {
            dw = Poisoned<float>(g.WeightLength);
            BackwardWeight(g, ToFloat(x), ToFloat(dy), dw, groupFloats);
            AssertCloseToScale(dwExpected, dw);
        }
    }

    private static void BackwardWeight(Conv2dGeometry g, float[] x, float[] dy, float[] dw, long groupFloats)
    {
        if (g.KernelH == 5)
        {
            WinogradConv2d<WinogradF4x5>.BackwardWeight(g, x, dy, dw, groupFloats);
        }
        else
        {
            WinogradConv2d<WinogradF4x3>.BackwardWeight(g, x, dy, dw, groupFloats);
        }
    }

    private const double ScaleTolerance = 1e-4; // four times the largest error seen on these shapes when it was set

    // every |actual − expected| within ScaleTolerance of the expected values' root mean square; NaN fails
    private static void AssertCloseToScale(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double rms = Math.Sqrt(expected.Sum(e => e * e) / expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= ScaleTolerance * rms, $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (scale {rms:G3})");
        }
    }

    [Fact]
    public void Fits_FloatThreeAndFiveSquareStrideOneConvsWithBoundedFilterBanks()
    {
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(1, 3, 6, 6, 3, 3, 3)));
        Assert.False(WinogradConv2d.Fits<double>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, strideH: 2, strideW: 2, padH: 1, padW: 1)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 5, 5, padH: 2, padW: 2)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 5, 5, padH: 4, padW: 4)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 5, 5, padH: 5, padW: 5)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 7, 7, padH: 3, padW: 3)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 5, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1, dilationH: 2, dilationW: 2)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 2, 2, 64, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 3, padW: 3)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 1, padW: 2)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 1, padW: 1, groups: 2)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(2, 512, 8, 8, 512, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(2, 1024, 8, 8, 512, 3, 3, padH: 1, padW: 1)));
    }

    [Fact]
    public void OtherFilterSizes_AreRefusedRatherThanComputedWrongly()
    {
        var g = new Conv2dGeometry(1, 4, 8, 8, 4, 7, 7, padH: 3, padW: 3);
        var ex = Assert.Throws<ArgumentException>(() => WinogradConv2d.Forward(g, new float[g.InputLength], new float[g.WeightLength],
            ReadOnlySpan<float>.Empty, new float[g.OutputLength]));
        Assert.Contains("7×7", ex.Message);
    }

    // N, C, H (= W), K, filter side r of a layer with padding (r − 1) / 2; whether forward, input gradient and weight
    // gradient take Winograd
    public static TheoryData<int[], bool[]> Passes => new()
    {
        { new[] { 32, 64, 32, 64, 3 }, new[] { true, true, true } },     // the detector's 32×32 layer: every pass
        { new[] { 128, 32, 16, 64, 3 }, new[] { true, true, false } },   // PoolUpsampleNet's 32 → 64: dw needs 64 both sides
        { new[] { 128, 32, 64, 48, 3 }, new[] { true, true, false } },   // cnn5's 32 → 48
        { new[] { 128, 24, 32, 24, 3 }, new[] { true, true, false } },   // the colourization networks' 24-channel layers
        { new[] { 128, 8, 32, 64, 3 }, new[] { false, false, false } },  // 8 channels in: GEMMs too thin for the transforms
        { new[] { 128, 64, 32, 8, 3 }, new[] { false, false, false } },  // 8 channels out
        { new[] { 1, 128, 8, 128, 3 }, new[] { false, false, false } },  // one picture on 8×8: four tiles, no chunk per worker
        { new[] { 128, 32, 16, 64, 5 }, new[] { true, true, true } },    // Table-2's second layer: every pass, dw from 32
        { new[] { 128, 64, 8, 128, 5 }, new[] { true, true, true } },    // its third
        { new[] { 128, 3, 32, 32, 5 }, new[] { false, false, false } },  // its first: three channels in
        { new[] { 128, 24, 16, 64, 5 }, new[] { false, false, false } }, // 5×5 below 32 channels: not measured
        { new[] { 128, 32, 33, 1, 5 }, new[] { false, false, false } },  // SRCNN's last layer: one channel out
    };

    [Theory]
    [MemberData(nameof(Passes))]
    public void EachPass_TakesTheShapesItWasMeasuredFasterOn(int[] p, bool[] expected)
    {
        int r = p[4], pad = (r - 1) / 2;
        var g = new Conv2dGeometry(p[0], p[1], p[2], p[2], p[3], r, r, padH: pad, padW: pad);
        Assert.Equal(expected, new[]
        {
            WinogradConv2d.AppliesForward<float>(g), WinogradConv2d.AppliesBackwardInput<float>(g), WinogradConv2d.AppliesBackwardWeight<float>(g),
        });
    }
}
