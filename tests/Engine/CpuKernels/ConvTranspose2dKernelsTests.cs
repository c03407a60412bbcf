using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

public class ConvTranspose2dKernelsTests
{
    // N, Cin, H, W, Cout, kH, kW, sH, sW, pH, pW, opH, opW, dH, dW, groups
    public static TheoryData<int[]> Cases => new()
    {
        new[] { 2, 3, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1 },  // the usual 2x upsampler with output_padding
        new[] { 2, 4, 7, 5, 6, 3, 2, 2, 3, 1, 0, 0, 2, 1, 1, 2 },  // groups, asymmetric stride, output_padding 2 < stride 3
        new[] { 1, 2, 4, 3, 3, 3, 3, 1, 1, 0, 1, 1, 0, 2, 2, 1 },  // output_padding 1 >= stride 1, allowed by dilation 2
        new[] { 3, 2, 3, 3, 2, 4, 4, 2, 2, 1, 1, 0, 0, 1, 1, 1 },  // DCGAN-style 4x4 stride 2 pad 1
        new[] { 4, 4, 3, 3, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 4 },  // depthwise 1x1
    };

    private static ConvTranspose2dGeometry Geometry(int[] p)
        => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_MatchesNaiveScatterLoop(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 1);
        var w = Random(g.WeightLength, 2);
        var b = Random(g.OutChannels, 3);
        var y = Poisoned<double>(g.OutputLength);
        ConvTranspose2dKernels.Forward<double>(g, x, w, b, y);
        AssertClose(Reference(g, x, w, b), y, 1e-12);

        var yf = Poisoned<float>(g.OutputLength);
        ConvTranspose2dKernels.Forward<float>(g, ToFloat(x), ToFloat(w), ToFloat(b), yf);
        AssertClose(Reference(g, x, w, b), yf, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardInputAndWeight_SatisfyAdjointIdentity(int[] p)
    {
        var g = Geometry(p);
        var x = Random(g.InputLength, 4);
        var w = Random(g.WeightLength, 5);
        var dy = Random(g.OutputLength, 6);
        var y = new double[g.OutputLength];
        ConvTranspose2dKernels.Forward<double>(g, x, w, ReadOnlySpan<double>.Empty, y);
        var dx = Poisoned<double>(g.InputLength);
        ConvTranspose2dKernels.BackwardInput<double>(g, dy, w, dx);
        AssertAdjoint(Dot(dy, y), Dot(dx, x));
        var dw = Poisoned<double>(g.WeightLength);
        ConvTranspose2dKernels.BackwardWeight<double>(g, x, dy, dw);
        AssertAdjoint(Dot(dy, y), Dot(dw, w));
        var db = Poisoned<double>(g.OutChannels);
        ConvTranspose2dKernels.BackwardBias<double>(g, dy, db);
        double total = 0;
        foreach (var v in dy)
        {
            total += v;
        }

        Assert.Equal(total, db.Sum(), 10);
    }

    /// <summary>Definition: every x[n, ci, ih, iw] adds x * w[ci, co_local, i, j] to y[n, co, ih*s - p + i*d, ...].</summary>
    private static double[] Reference(ConvTranspose2dGeometry g, double[] x, double[] w, double[] b)
    {
        var y = new double[g.OutputLength];
        int cig = g.InChannels / g.Groups, cog = g.OutChannels / g.Groups;
        for (int n = 0; n < g.N; n++)
        {
            for (int co = 0; co < g.OutChannels; co++)
            {
                for (int s = 0; s < g.OutH * g.OutW; s++)
                {
                    y[(n * g.OutChannels + co) * g.OutH * g.OutW + s] = b[co];
                }
            }

            for (int ci = 0; ci < g.InChannels; ci++)
                for (int ih = 0; ih < g.InH; ih++)
                    for (int iw = 0; iw < g.InW; iw++)
                        for (int ol = 0; ol < cog; ol++)
                            for (int i = 0; i < g.KernelH; i++)
                                for (int j = 0; j < g.KernelW; j++)
                                {
                                    int co = ci / cig * cog + ol;
                                    int oh = ih * g.StrideH - g.PadH + i * g.DilationH, ow = iw * g.StrideW - g.PadW + j * g.DilationW;
                                    if (oh >= 0 && oh < g.OutH && ow >= 0 && ow < g.OutW)
                                    {
                                        y[((n * g.OutChannels + co) * g.OutH + oh) * g.OutW + ow] +=
                                            x[((n * g.InChannels + ci) * g.InH + ih) * g.InW + iw] * w[((ci * cog + ol) * g.KernelH + i) * g.KernelW + j];
                                    }
                                }
        }

        return y;
    }
}
