using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

public class Conv2dKernelsTests
{
    // N, C, H, W, K, kH, kW, sH, sW, pH, pW, dH, dW, groups
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 3, 3, 7, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1 },  // plain 3x3 pad 1
        new[] { 2, 4, 7, 5, 6, 3, 2, 2, 1, 1, 2, 1, 2, 2 },  // stride, asymmetric pad, dilation, groups
        new[] { 2, 3, 7, 5, 5, 3, 2, 3, 2, 0, 1, 1, 1, 1 },  // stride 3, no vertical pad
        new[] { 5, 6, 4, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1 },  // 1x1 on 4x4 maps: images chunked side by side
        new[] { 1, 6, 5, 7, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2 },  // 1x1 single image: no im2col, grouped
        new[] { 2, 4, 7, 5, 3, 1, 1, 2, 2, 0, 0, 1, 1, 1 },  // 1x1 stride 2
        new[] { 2, 4, 7, 5, 8, 3, 3, 2, 2, 1, 1, 2, 1, 4 },  // depthwise, multiplier 2, stride 2, dilation
        new[] { 2, 4, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4 },  // depthwise stride 1
        new[] { 6, 2, 17, 19, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1 }, // several chunks of 4 images, last one short
        new[] { 2, 2, 9, 9, 3, 9, 9, 1, 1, 4, 4, 1, 1, 1 },  // kernel as large as the input, padding half of it
        new[] { 3, 5, 8, 7, 1, 5, 5, 1, 1, 2, 2, 1, 1, 1 },  // one output channel: direct plane loops, no GEMM
        new[] { 2, 6, 6, 7, 4, 3, 3, 1, 1, 1, 1, 1, 2, 2 },  // two outputs per group of three inputs: direct, dilated
        new[] { 5, 6, 1, 1, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1 },  // 1x1 map, 3x3 pad 1: dense small-map GEMM, centre tap only
        new[] { 3, 5, 2, 2, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1 },  // 2x2 → 1x1, stride 2: dense, 4 of 9 taps
        new[] { 2, 4, 2, 3, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1 },  // 2x3 map: dense, every tap used by some output
        new[] { 2, 3, 3, 2, 4, 5, 3, 1, 2, 4, 1, 2, 1, 1 },  // 3x2 map, 5x3 kernel dilated 2 on rows, stride 2 on columns: dense
        new[] { 3, 3, 9, 8, 16, 5, 5, 1, 1, 2, 2, 1, 1, 1 }, // 16 outputs of 75 column rows: float64 weight gradient as dWᵀ
        new[] { 1, 4, 180, 180, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1 }, // one large image: forward by bands of 40 output rows, the last short
        new[] { 2, 8, 230, 200, 6, 3, 2, 1, 2, 1, 2, 1, 2, 2 }, // bands over two images, grouped, strided and dilated columns
        // float32 with 16+ filters: im2col straight into packed panels
        new[] { 2, 3, 61, 69, 16, 7, 7, 2, 2, 3, 3, 1, 1, 1 }, // a 7x7/2 stem: 31x35 outputs, panels across rows, two tasks an image, a last partial panel
        new[] { 2, 32, 9, 71, 20, 3, 3, 1, 2, 1, 0, 2, 1, 1 }, // 288 column rows (two depth blocks), 20 filters, dilated rows, strided columns
        new[] { 2, 16, 9, 80, 16, 1, 1, 2, 2, 0, 0, 1, 1, 1 }, // 1x1 stride 2
    };

    private static Conv2dGeometry Geometry(int[] p)
        => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13]);

    [Fact]
    public void BandRows_SplitsOnlyImagesWhoseColumnMatrixWouldNotStayInCache()
    {
        Assert.Equal(40, Conv2dKernels.BandRows(Geometry([1, 4, 180, 180, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1])));
        Assert.NotNull(Conv2dKernels.BandRows(Geometry([2, 8, 230, 200, 6, 3, 2, 1, 2, 1, 2, 1, 2, 2])));
        Assert.Null(Conv2dKernels.BandRows(new Conv2dGeometry(128, 32, 16, 16, 64, 5, 5, padH: 2, padW: 2))); // Table-2 conv2
        Assert.Null(Conv2dKernels.BandRows(new Conv2dGeometry(1, 56, 512, 512, 12, 1, 1))); // 1x1: the image is its own column matrix
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Double_MatchesNaiveLoop(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 1);
        var w = Random(g.WeightLength, 2);
        var b = Random(g.OutChannels, 3);
        var y = Poisoned<double>(g.OutputLength);
        Conv2dKernels.Forward<double>(g, x, w, b, y);
        AssertClose(Reference(g, x, w, b), y, 1e-12);

        var yNoBias = Poisoned<double>(g.OutputLength);
        Conv2dKernels.Forward<double>(g, x, w, ReadOnlySpan<double>.Empty, yNoBias);
        AssertClose(Reference(g, x, w, null), yNoBias, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Float_MatchesNaiveLoop(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 4);
        var w = Random(g.WeightLength, 5);
        var b = Random(g.OutChannels, 6);
        var y = Poisoned<float>(g.OutputLength);
        Conv2dKernels.Forward<float>(g, ToFloat(x), ToFloat(w), ToFloat(b), y);
        AssertClose(Reference(g, x, w, b), y, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardInput_SatisfiesAdjointIdentity(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 7);
        var w = Random(g.WeightLength, 8);
        var dy = Random(g.OutputLength, 9);
        var y = new double[g.OutputLength];
        Conv2dKernels.Forward<double>(g, x, w, ReadOnlySpan<double>.Empty, y);
        var dx = Poisoned<double>(g.InputLength);
        Conv2dKernels.BackwardInput<double>(g, dy, w, dx);
        AssertAdjoint(Dot(dy, y), Dot(dx, x));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardWeight_SatisfiesAdjointIdentity(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 10);
        var w = Random(g.WeightLength, 11);
        var dy = Random(g.OutputLength, 12);
        var y = new double[g.OutputLength];
        Conv2dKernels.Forward<double>(g, x, w, ReadOnlySpan<double>.Empty, y);
        var dw = Poisoned<double>(g.WeightLength);
        Conv2dKernels.BackwardWeight<double>(g, x, dy, dw);
        AssertAdjoint(Dot(dy, y), Dot(dw, w));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardBias_SumsOverBatchAndSpace(int[] p)
    {
        var g = Geometry(p);
        var dy = Random(g.OutputLength, 13);
        var db = Poisoned<double>(g.OutChannels);
        Conv2dKernels.BackwardBias<double>(g, dy, db);
        int ohw = g.OutH * g.OutW;
        var expected = new double[g.OutChannels];
        for (int i = 0; i < dy.Length; i++)
        {
            expected[i / ohw % g.OutChannels] += dy[i];
        }

        AssertClose(expected, db, 1e-12);
    }

    [Fact]
    public void BackwardInput_Float_MatchesDouble()
    {
        var g = new Conv2dGeometry(3, 4, 9, 7, 5, 3, 3, 2, 1, 1, 1, 1, 2, 1);
        FloatMatchesDouble(g.InputLength, Random(g.WeightLength, 14), Random(g.OutputLength, 15),
            (w, dy, dx) => Conv2dKernels.BackwardInput<double>(g, dy, w, dx),
            (w, dy, dx) => Conv2dKernels.BackwardInput<float>(g, dy, w, dx));
    }

    [Fact]
    public void BackwardWeight_Float_MatchesDouble()
    {
        // Table-2's first layer in small: 32 outputs of 75 column rows, which float32 computes as dWᵀ = cols @ dYᵀ.
        var g = new Conv2dGeometry(3, 3, 9, 8, 32, 5, 5, 1, 1, 2, 2, 1, 1, 1);
        FloatMatchesDouble(g.WeightLength, Random(g.InputLength, 16), Random(g.OutputLength, 17),
            (x, dy, dw) => Conv2dKernels.BackwardWeight<double>(g, x, dy, dw),
            (x, dy, dw) => Conv2dKernels.BackwardWeight<float>(g, x, dy, dw));
    }

    // The float32 kernel on the same inputs as the float64 one, into a NaN-poisoned output.
    private static void FloatMatchesDouble(long outputLength, double[] first, double[] second,
        Action<double[], double[], double[]> inDouble, Action<float[], float[], float[]> inFloat)
    {
        var expected = new double[outputLength];
        var actual = Poisoned<float>(outputLength);
        inDouble(first, second, expected);
        inFloat(ToFloat(first), ToFloat(second), actual);
        AssertClose(expected, actual, 1e-4);
    }

    /// <summary>Direct definition: y[n,k,oh,ow] = b[k] + sum over the group's channels and taps inside the input.</summary>
    internal static double[] Reference(Conv2dGeometry g, double[] x, double[] w, double[]? b)
    {
        var y = new double[g.OutputLength];
        int cg = g.InPerGroup, kg = g.OutPerGroup;
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.OutChannels; k++)
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        double s = b?[k] ?? 0;
                        for (int cl = 0; cl < cg; cl++)
                        {
                            int c = k / kg * cg + cl;
                            for (int i = 0; i < g.KernelH; i++)
                                for (int j = 0; j < g.KernelW; j++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH, iw = ow * g.StrideW - g.PadW + j * g.DilationW;
                                    if (ih >= 0 && ih < g.InH && iw >= 0 && iw < g.InW)
                                    {
                                        s += x[((n * g.InChannels + c) * g.InH + ih) * g.InW + iw] * w[((k * cg + cl) * g.KernelH + i) * g.KernelW + j];
                                    }
                                }
                        }

                        y[((n * g.OutChannels + k) * g.OutH + oh) * g.OutW + ow] = s;
                    }

        return y;
    }
}
