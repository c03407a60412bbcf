using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>The direct few-channel conv2d forward called directly, against the direct definition of the convolution.</summary>
public class FewChannelConv2dTests
{
    // N, C, H, W, K, kH, kW, sH, sW, pH, pW, dH, dW (K: whole filter blocks on this CPU, 32 with AVX-512, 16 with AVX2)
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 3, 3, 19, 21, 64, 7, 7, 2, 2, 3, 3, 1, 1 },  // a 7×7/2 stem; 10 × 11 outputs: the last tile of a row overlaps
        new[] { 2, 1, 12, 8, 32, 5, 5, 1, 1, 2, 2, 1, 1 },   // one channel, 5×5 pad 2, rows exactly one tile wide
        new[] { 1, 2, 13, 30, 32, 5, 3, 3, 2, 0, 1, 2, 1 },  // strides 3 and 2, dilated rows, asymmetric padding
        new[] { 4, 4, 9, 17, 96, 3, 3, 1, 1, 1, 1, 1, 1 },   // four channels, three filter blocks with AVX-512
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_MatchesTheDirectDefinition(int[] p)
    {
        var g = new Conv2dGeometry(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12]);
        Assert.True(FewChannelConv2d.Applies<float>(g));
        double[] x = Random(g.InputLength, 31), w = Random(g.WeightLength, 32), b = Random(g.OutChannels, 33);
        var expected = Conv2dKernelsTests.Reference(g, x, w, b);

        var y = Poisoned<float>(g.OutputLength);
        FewChannelConv2d.Forward(g, ToFloat(x), ToFloat(w), ToFloat(b), y);
        AssertClose(expected, y, 1e-4);

        var noBias = Conv2dKernelsTests.Reference(g, x, w, null);
        var yNoBias = Poisoned<float>(g.OutputLength);
        FewChannelConv2d.Forward(g, ToFloat(x), ToFloat(w), [], yNoBias);
        AssertClose(noBias, yNoBias, 1e-4);
    }

    [Fact]
    public void Applies_ToFloatFirstLayersWithWholeFilterBlocks()
    {
        Assert.True(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 3, 32, 32, 64, 7, 7, 2, 2, 3, 3)));
        Assert.False(FewChannelConv2d.Applies<double>(new Conv2dGeometry(128, 3, 32, 32, 64, 7, 7, 2, 2, 3, 3)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 5, 32, 32, 64, 7, 7, 2, 2, 3, 3)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 3, 32, 32, 56, 5, 5, padH: 2, padW: 2)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 1, 32, 32, 64, 1, 1)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 1, 32, 32, 32, 3, 3, padH: 1, padW: 1)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(128, 3, 8, 8, 64, 7, 7, 2, 2, 3, 3)));
        Assert.False(FewChannelConv2d.Applies<float>(new Conv2dGeometry(16, 4, 16, 16, 64, 3, 3, padH: 1, padW: 1, groups: 2)));
    }
}
