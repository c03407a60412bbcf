using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// The F(4×4, 3×3) Winograd kernels called directly, in float, against the direct definitions of the convolution and
/// its two gradients in double: whole and partial tiles, every padding they take, channel counts whose K·C is not a
/// whole number of vectors, and batches whose tiles fill several chunks with a partial last one.
/// </summary>
public class WinogradConv2dTests
{
    // N, C, H, W, K, padding
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 2, 32, 8, 8, 32, 1 },   // whole 4×4 tiles
        new[] { 3, 33, 7, 9, 35, 1 },   // partial tiles on both edges; 33·35 pairs: a partial vector of filters
        new[] { 1, 5, 6, 5, 7, 0 },     // no padding: a 4×3 output, one partial tile
        new[] { 2, 16, 5, 6, 20, 2 },   // padding 2: the input gradient's padding is 0
        new[] { 5, 32, 15, 17, 32, 1 },  // 5 · 4 · 5 = 100 tiles: several chunks, the last one partial
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesDirectDefinitions(int[] p)
    {
        var g = new Conv2dGeometry(p[0], p[1], p[2], p[3], p[4], 3, 3, padH: p[5], padW: p[5]);
        var (x, w, b, dy) = (Random(g.InputLength, 31), Random(g.WeightLength, 32), Random(g.OutChannels, 33), Random(g.OutputLength, 34));

        // Each output sums 9·C products of values in [-1, 1]; the transforms keep about 1e-6 of that scale.
        var y = Poisoned<float>(g.OutputLength);
        WinogradConv2d.Forward(g, ToFloat(x), ToFloat(w), ToFloat(b), y);
        AssertClose(Conv2dKernelsTests.Reference(g, x, w, b), y, 1e-4);

        var (dxExpected, dwExpected) = ImageLaneConv2dTests.ReferenceBackward(g, x, w, dy);
        var dx = Poisoned<float>(g.InputLength);
        WinogradConv2d.BackwardInput(g, ToFloat(dy), ToFloat(w), dx);
        AssertClose(dxExpected, dx, 1e-4);

        var dw = Poisoned<float>(g.WeightLength);
        WinogradConv2d.BackwardWeight(g, ToFloat(x), ToFloat(dy), dw);
        AssertClose(dwExpected, dw, 1e-3);
    }

    [Fact]
    public void Fits_FloatThreeByThreeStrideOneConvsWithBoundedFilterBanks()
    {
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(1, 3, 6, 6, 3, 3, 3)));
        Assert.False(WinogradConv2d.Fits<double>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, strideH: 2, strideW: 2, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 5, 5, padH: 2, padW: 2)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 32, 32, 64, 3, 3, padH: 1, padW: 1, dilationH: 2, dilationW: 2)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 2, 2, 64, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 3, padW: 3)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 1, padW: 2)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(32, 64, 8, 8, 64, 3, 3, padH: 1, padW: 1, groups: 2)));
        Assert.True(WinogradConv2d.Fits<float>(new Conv2dGeometry(2, 512, 8, 8, 512, 3, 3, padH: 1, padW: 1)));
        Assert.False(WinogradConv2d.Fits<float>(new Conv2dGeometry(2, 1024, 8, 8, 512, 3, 3, padH: 1, padW: 1)));
    }

    // N, C, H (= W), K of a 3×3 padding-1 layer; whether forward, input gradient and weight gradient take Winograd
    public static TheoryData<int[], bool[]> Passes => new()
    {
        { new[] { 32, 64, 32, 64 }, new[] { true, true, true } },     // the detector's 32×32 layer: every pass
        { new[] { 128, 32, 16, 64 }, new[] { true, true, false } },   // PoolUpsampleNet's 32 → 64: dw needs 64 both sides
        { new[] { 128, 32, 64, 48 }, new[] { true, true, false } },   // cnn5's 32 → 48
        { new[] { 128, 24, 32, 24 }, new[] { true, true, false } },   // the colourization networks' 24-channel layers
        { new[] { 128, 8, 32, 64 }, new[] { false, false, false } },  // 8 channels in: GEMMs too thin for the transforms
        { new[] { 128, 64, 32, 8 }, new[] { false, false, false } },  // 8 channels out
        { new[] { 1, 128, 8, 128 }, new[] { false, false, false } },  // one picture on 8×8: four tiles, no chunk per worker
    };

    [Theory]
    [MemberData(nameof(Passes))]
    public void EachPass_TakesTheShapesItWasMeasuredFasterOn(int[] p, bool[] expected)
    {
        var g = new Conv2dGeometry(p[0], p[1], p[2], p[2], p[3], 3, 3, padH: 1, padW: 1);
        Assert.Equal(expected, new[]
        {
            WinogradConv2d.AppliesForward<float>(g), WinogradConv2d.AppliesBackwardInput<float>(g), WinogradConv2d.AppliesBackwardWeight<float>(g),
        });
    }
}
