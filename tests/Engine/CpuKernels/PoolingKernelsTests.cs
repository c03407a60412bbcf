using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

// Expected values printed by tests/fixtures/cpu_kernel_cases.py (PyTorch 1.13) for the 7x5 plane PlaneX.
public class PoolingKernelsTests
{
    private static readonly double[] AvgIncludePad = [-0.10312089140802516, -0.42846601096992654, -0.3957981897870479, -0.12672156096700327, -0.3112023181684737, -0.16245437331258786, 0.08569230361887796, -0.04915288729845585, -0.2806729702447563, 0.023311623947555482, -0.2724895225378387, -0.46616400418942433];
    private static readonly double[] AvgExcludePad = [-0.3093626742240755, -0.6426990164548898, -0.5936972846805718, -0.25344312193400653, -0.3112023181684737, -0.16245437331258786, 0.17138460723775592, -0.04915288729845585, -0.2806729702447563, 0.06993487184266645, -0.4087342838067581, -0.6992460062841365];
    private static readonly double[] AvgDivisor5 = [-0.1237450696896302, -0.5141592131639119, -0.47495782774445744, -0.15206587316040393, -0.3734427818021685, -0.19494524797510543, 0.10283076434265355, -0.05898346475814702, -0.33680756429370756, 0.02797394873706658, -0.32698742704540645, -0.5593968050273092];
    private static readonly double[] MaxValues = [0.5477260774259783, 0.5477260774259783, -0.10395313700299268, 1.9677602718172287, 1.9677602718172287, 1.41872403019009, 1.460623165831933, 1.5412415939700768, 1.5412415939700768, 1.460623165831933, 1.460623165831933, -0.285465799150105];
    private static readonly int[] MaxIndices = [1, 1, 8, 11, 11, 13, 26, 23, 23, 26, 26, 28];
    private static readonly double[] AdaptiveAvg = [0.2963105776342888, 0.21782073013213335, 0.08989982244557966, -0.05842246545477862, 0.12539335566890072, 0.2432328485902658, 0.30587439239909847, 0.2991024534307207, -0.2718698856773366, -0.17041168605244741, -0.030281178680387304, 0.11672117585193441];
    private static readonly double[] AdaptiveMaxValues = [1.9677602718172287, 1.9677602718172287, 1.9099601747951307, 1.41872403019009, 1.9677602718172287, 1.9677602718172287, 1.9099601747951307, 1.956069486278075, 1.9269975328623763, 1.460623165831933, 1.5412415939700768, 1.956069486278075];
    private static readonly int[] AdaptiveMaxIndices = [11, 11, 12, 13, 11, 11, 12, 24, 25, 26, 23, 24];

    /// <summary>x = sin((arange(35)*0.37 - 3)*1.3)*2 as (1, 1, 7, 5).</summary>
    internal static double[] PlaneX()
    {
        var x = new double[35];
        for (int i = 0; i < 35; i++)
        {
            x[i] = Math.Sin((i * 0.37 - 3.0) * 1.3) * 2;
        }

        return x;
    }

    // kernel (3,2), stride (2,2), pad (1,1), ceil_mode: the last column window starts in the input and hangs past the padding.
    private static Pool2dGeometry AvgGeometry(int n = 1, int c = 1) => new(n, c, 7, 5, 3, 2, 2, 2, 1, 1, ceilMode: true);

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 5)]
    public void AvgPool_CeilModeCountIncludePadAndDivisor_MatchPyTorch(bool countIncludePad, int divisor)
    {
        var g = AvgGeometry();
        Assert.Equal((4, 3), (g.OutH, g.OutW));
        var y = Poisoned<double>(g.OutputLength);
        int? div = divisor == 0 ? null : divisor;
        AvgPool2dKernels.Forward<double>(g, PlaneX(), y, countIncludePad, div);
        AssertClose(div is not null ? AvgDivisor5 : countIncludePad ? AvgIncludePad : AvgExcludePad, y, 1e-12);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(false, 3)]
    public void AvgPool_Backward_SatisfiesAdjointIdentity(bool countIncludePad, int divisor)
    {
        var g = new Pool2dGeometry(2, 3, 7, 5, 3, 2, 2, 3, 1, 1, ceilMode: true);
        int? div = divisor == 0 ? null : divisor;
        var x = Random(g.InputLength, 1);
        var dy = Random(g.OutputLength, 2);
        var y = new double[g.OutputLength];
        AvgPool2dKernels.Forward<double>(g, x, y, countIncludePad, div);
        var dx = Poisoned<double>(g.InputLength);
        AvgPool2dKernels.Backward<double>(g, dy, dx, countIncludePad, div);
        AssertAdjoint(Dot(dy, y), Dot(dx, x));
    }

    [Fact]
    public void MaxPool_DilationCeilMode_ValuesAndIndicesMatchPyTorch()
    {
        var g = new Pool2dGeometry(1, 1, 7, 5, 3, 2, 2, 2, 1, 1, 1, 2, ceilMode: true);
        var y = Poisoned<double>(g.OutputLength);
        var idx = new int[g.OutputLength];
        MaxPool2dKernels.Forward<double>(g, PlaneX(), y, idx);
        AssertClose(MaxValues, y, 1e-15);
        Assert.Equal(MaxIndices, idx);

        var yf = Poisoned<float>(g.OutputLength);
        var idxf = new int[g.OutputLength];
        MaxPool2dKernels.Forward<float>(g, ToFloat(PlaneX()), yf, idxf);
        Assert.Equal(MaxIndices, idxf);
    }

    [Fact]
    public void MaxPool_Backward_ScattersThroughIndicesAndAddsOverlaps()
    {
        var g = new Pool2dGeometry(2, 2, 7, 5, 3, 3, 1, 2, 1, 1, ceilMode: false);
        var x = Random(g.InputLength, 3);
        var y = new double[g.OutputLength];
        var idx = new int[g.OutputLength];
        MaxPool2dKernels.Forward<double>(g, x, y, idx);
        var dy = Random(g.OutputLength, 4);
        var dx = Poisoned<double>(g.InputLength);
        MaxPool2dKernels.Backward<double>(g, dy, idx, dx);
        var expected = new double[g.InputLength];
        int ohw = g.OutH * g.OutW;
        for (int i = 0; i < dy.Length; i++)
        {
            expected[i / ohw * 35 + idx[i]] += dy[i];
            Assert.Equal(x[i / ohw * 35 + idx[i]], y[i]); // the index points at the max
        }

        AssertClose(expected, dx, 1e-15);
    }

    [Theory]
    [InlineData(7, 5)]   // odd: a last row and column in no window
    [InlineData(8, 34)]  // even
    public void MaxPool2x2_Float32Backward_PutsEachGradientAtItsArgmax_AndZerosTheRest(int h, int w)
    {
        var g = new Pool2dGeometry(2, 3, h, w, 2, 2, 2, 2);
        var x = ToFloat(Random(g.InputLength, 5));
        var y = new float[g.OutputLength];
        var idx = new int[g.OutputLength];
        MaxPool2dKernels.Forward<float>(g, x, y, idx);
        var dy = ToFloat(Random(g.OutputLength, 6));
        var dx = Poisoned<float>(g.InputLength);
        MaxPool2dKernels.Backward<float>(g, dy, idx, dx);
        var expected = new double[g.InputLength];
        int ohw = g.OutH * g.OutW;
        for (int i = 0; i < dy.Length; i++)
        {
            expected[i / ohw * h * w + idx[i]] += dy[i];
        }

        AssertClose(expected, dx, 0);
    }

    [Fact]
    public void MaxPool_PropagatesNaN()
    {
        var x = PlaneX();
        x[6] = double.NaN;
        var g = new Pool2dGeometry(1, 1, 7, 5, 2, 2, 2, 2);
        var y = new double[g.OutputLength];
        var idx = new int[g.OutputLength];
        MaxPool2dKernels.Forward<double>(g, x, y, idx);
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(6, idx[0]);
    }

    [Theory]
    [InlineData(3, 3, 1, 1, 1, 1, 1, false)]   // the composite CNN's 3x3 / stride 1 / pad 1
    [InlineData(3, 2, 1, 0, 2, 1, 1, false)]   // dilated, unpadded columns
    [InlineData(2, 5, 0, 2, 1, 1, 1, false)]   // wide window: vector lanes and scalar tails
    [InlineData(2, 2, 0, 0, 1, 2, 2, false)]   // Table-2's 2x2 / stride 2 (its own kernel): vectors, odd tails
    [InlineData(2, 2, 0, 0, 1, 2, 2, true)]    // the same in ceil mode: row kernel, two column phases
    [InlineData(3, 3, 1, 1, 1, 2, 2, false)]   // ResNet's 3x3 / stride 2 / pad 1: taps on both phases, shifted
    [InlineData(3, 3, 1, 1, 1, 3, 2, true)]    // stride 3 rows, ceil mode: a last window half outside
    [InlineData(2, 3, 0, 1, 2, 2, 3, true)]    // stride 3 columns, dilated, ceil mode
    public void MaxPool_Float32RowKernel_MatchesTheWindowLoopWithTiesAndNaN(int kh, int kw, int ph, int pw, int dilation, int sh, int sw, bool ceil)
    {
        // few distinct values make ties everywhere; a few NaNs must win their windows
        var random = new Random(3);
        var x = new double[2 * 3 * 9 * 53];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.Next(4) - 1;
        }

        x[17] = x[200] = x[905] = x[2000] = double.NaN;
        // a corner of -inf: windows with nothing above -inf keep their first valid tap's index
        for (int i = 0; i < 3 * 53; i++)
        {
            x[i] = i % 53 < 12 ? double.NegativeInfinity : x[i];
        }

        var g = new Pool2dGeometry(2, 3, 9, 53, kh, kw, sh, sw, ph, pw, dilation, dilation, ceilMode: ceil);
        var expected = new double[g.OutputLength];
        var expectedIndices = new int[g.OutputLength];
        MaxPool2dKernels.Forward<double>(g, x, expected, expectedIndices); // window-by-window loop
        var actual = new float[g.OutputLength];
        var indices = new int[g.OutputLength];
        MaxPool2dKernels.Forward<float>(g, x.Select(v => (float)v).ToArray(), actual, indices); // tap-by-tap vector loop
        Assert.Equal(expectedIndices, indices);
        Assert.Equal(expected.Select(v => (float)v), actual);
    }

    [Fact]
    public void AdaptiveAvgAndMax_MatchPyTorch()
    {
        var y = Poisoned<double>(12);
        AdaptivePool2dKernels.AvgForward<double>(PlaneX(), 1, 1, 7, 5, y, 3, 4);
        AssertClose(AdaptiveAvg, y, 1e-12);
        var ym = Poisoned<double>(12);
        var idx = new int[12];
        AdaptivePool2dKernels.MaxForward<double>(PlaneX(), 1, 1, 7, 5, ym, idx, 3, 4);
        AssertClose(AdaptiveMaxValues, ym, 1e-15);
        Assert.Equal(AdaptiveMaxIndices, idx);
    }

    [Theory]
    [InlineData(7, 5, 3, 4)]
    [InlineData(4, 6, 7, 9)] // output larger than input: windows overlap
    public void AdaptiveAvg_Backward_SatisfiesAdjointIdentity(int h, int w, int oh, int ow)
    {
        var x = Random(2 * 3 * h * w, 5);
        var dy = Random(2 * 3 * oh * ow, 6);
        var y = new double[dy.Length];
        AdaptivePool2dKernels.AvgForward<double>(x, 2, 3, h, w, y, oh, ow);
        var dx = Poisoned<double>(x.Length);
        AdaptivePool2dKernels.AvgBackward<double>(dy, 2, 3, h, w, dx, oh, ow);
        AssertAdjoint(Dot(dy, y), Dot(dx, x));
    }

    [Fact]
    public void AdaptiveMax_Backward_ScattersThroughIndices()
    {
        var x = Random(2 * 7 * 5, 7);
        var y = new double[2 * 12];
        var idx = new int[2 * 12];
        AdaptivePool2dKernels.MaxForward<double>(x, 1, 2, 7, 5, y, idx, 3, 4);
        var dy = Random(24, 8);
        var dx = Poisoned<double>(70);
        AdaptivePool2dKernels.MaxBackward<double>(dy, idx, 1, 2, 7, 5, dx, 3, 4);
        var expected = new double[70];
        for (int i = 0; i < 24; i++)
        {
            expected[i / 12 * 35 + idx[i]] += dy[i];
        }

        AssertClose(expected, dx, 1e-15);
    }
}
