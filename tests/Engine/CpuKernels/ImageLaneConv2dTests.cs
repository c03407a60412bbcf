using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// The batch-as-lanes conv2d kernels called directly, with one block of images and a partial second one, against
/// the direct definitions of the convolution and of its two gradients.
/// </summary>
public class ImageLaneConv2dTests
{
    // C, H, W, K, kH, kW, sH, sW, pH, pW, dH, dW (N = one block of lanes + 3)
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 16, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1 },  // 3x3 pad 1; 20 outputs = a full and a partial 12-row tile
        new[] { 17, 6, 7, 16, 5, 5, 1, 1, 2, 2, 1, 1 },  // Table-2's 5x5 pad 2 on a map barely larger than the kernel
        new[] { 16, 9, 8, 18, 3, 2, 2, 3, 1, 2, 2, 1 },  // strides 2 and 3, dilated rows, asymmetric padding
        new[] { 20, 5, 5, 16, 2, 3, 1, 1, 3, 1, 1, 2 },  // padding 3 > kernel: some outputs reach no pixel at all
        new[] { 33, 4, 4, 16, 3, 3, 1, 1, 0, 0, 1, 1 },  // no padding; 33 channels: dW with x as the 12-row side
        new[] { 33, 5, 6, 24, 3, 3, 1, 2, 1, 1, 1, 1 },  // the colourization UNet's last layer in small, column stride 2
        new[] { 16, 12, 5, 28, 3, 3, 1, 1, 1, 1, 1, 1 }, // 12 output rows: forward items hold several channel tiles
    };

    private static Conv2dGeometry Geometry<T>(int[] p)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new(ImageLaneConv2d.Lanes<T>() + 3, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_MatchesDirectDefinitions(int[] p)
    {
        var g = Geometry<double>(p);
        var (x, w, b, dy) = Inputs(g);
        var y = Poisoned<double>(g.OutputLength);
        ImageLaneConv2d.Forward<double>(g, x, w, b, y);
        AssertClose(Conv2dKernelsTests.Reference(g, x, w, b), y, 1e-12);

        var (dxExpected, dwExpected) = ReferenceBackward(g, x, w, dy);
        var dx = Poisoned<double>(g.InputLength);
        ImageLaneConv2d.BackwardInput<double>(g, dy, w, dx);
        AssertClose(dxExpected, dx, 1e-12);

        var dw = Poisoned<double>(g.WeightLength);
        ImageLaneConv2d.BackwardWeight<double>(g, x, dy, dw);
        AssertClose(dwExpected, dw, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_MatchesDirectDefinitions(int[] p)
    {
        var g = Geometry<float>(p);
        var (x, w, b, dy) = Inputs(g);
        var y = Poisoned<float>(g.OutputLength);
        ImageLaneConv2d.Forward<float>(g, ToFloat(x), ToFloat(w), ToFloat(b), y);
        AssertClose(Conv2dKernelsTests.Reference(g, x, w, b), y, 1e-4);

        var (dxExpected, dwExpected) = ReferenceBackward(g, x, w, dy);
        var dx = Poisoned<float>(g.InputLength);
        ImageLaneConv2d.BackwardInput<float>(g, ToFloat(dy), ToFloat(w), dx);
        AssertClose(dxExpected, dx, 1e-4);

        // dW sums N·OH·OW products per entry: relative to the entries' size, float32 keeps about 1e-5 of it.
        var dw = Poisoned<float>(g.WeightLength);
        ImageLaneConv2d.BackwardWeight<float>(g, ToFloat(x), ToFloat(dy), dw);
        AssertClose(dwExpected, dw, 1e-3);
    }

    [Fact]
    public void Applies_ToUngroupedMultiTapConvsWhoseBatchFillsItsBlocks()
    {
        int lanes = ImageLaneConv2d.Lanes<float>();
        Assert.True(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes, 32, 16, 16, 64, 5, 5, padH: 2, padW: 2)));
        Assert.True(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes * 3 / 2, 16, 8, 8, 16, 3, 3)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes * 3 / 2 - 1, 16, 8, 8, 16, 3, 3)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes - 1, 32, 16, 16, 64, 3, 3)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes, 32, 16, 16, 64, 1, 1)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes, 3, 32, 32, 32, 5, 5, padH: 2, padW: 2)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes, 32, 16, 16, 8, 3, 3)));
        Assert.False(ImageLaneConv2d.Applies<float>(new Conv2dGeometry(lanes, 32, 16, 16, 64, 3, 3, groups: 2)));
    }

    [Fact]
    public void GroupedConvolution_IsRefusedWithAClearError()
    {
        var g = new Conv2dGeometry(2, 4, 5, 5, 4, 3, 3, groups: 2);
        var error = Assert.Throws<ArgumentException>(() => ImageLaneConv2d.Forward<float>(
            g, new float[g.InputLength], new float[g.WeightLength], ReadOnlySpan<float>.Empty, new float[g.OutputLength]));
        Assert.Contains("groups=2", error.Message);
    }

    private static (double[] X, double[] W, double[] B, double[] Dy) Inputs(Conv2dGeometry g)
        => (Random(g.InputLength, 21), Random(g.WeightLength, 22), Random(g.OutChannels, 23), Random(g.OutputLength, 24));

    /// <summary>dx[n,c,ih,iw] and dW[k,c,i,j] straight from y[n,k,oh,ow] = Σ x[n,c,ih,iw] W[k,c,i,j] (groups 1).</summary>
    internal static (double[] Dx, double[] Dw) ReferenceBackward(Conv2dGeometry g, double[] x, double[] w, double[] dy)
    {
        var dx = new double[g.InputLength];
        var dw = new double[g.WeightLength];
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.OutChannels; k++)
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        double grad = dy[((n * g.OutChannels + k) * g.OutH + oh) * g.OutW + ow];
                        for (int c = 0; c < g.InChannels; c++)
                            for (int i = 0; i < g.KernelH; i++)
                                for (int j = 0; j < g.KernelW; j++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH, iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                                    if (ih >= 0 && ih < g.InH && iw >= 0 && iw < g.InW)
                                    {
                                        int xi = ((n * g.InChannels + c) * g.InH + ih) * g.InW + iw;
                                        int wi = ((k * g.InChannels + c) * g.KernelH + i) * g.KernelW + j;
                                        dx[xi] += grad * w[wi];
                                        dw[wi] += grad * x[xi];
                                    }
                                }
                    }

        return (dx, dw);
    }
}
