using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

public class BatchNormKernelsTests
{
    private const double Eps = 1e-5;

    [Theory]
    [InlineData(3, 4, 5)]   // (N, C, L)
    [InlineData(6, 3, 1)]   // (N, C)
    [InlineData(2, 3, 35)]  // (N, C, 7, 5)
    public void ForwardTraining_NormalisesWithBatchMeanAndBiasedVariance(int n, int c, int s)
    {
        var x = Random((long)n * c * s, 1, 3.0);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += 10; // a large mean checks the two-pass variance
        }

        var gamma = Random(c, 2);
        var beta = Random(c, 3);
        var y = Poisoned<double>(x.Length);
        var mean = Poisoned<double>(c);
        var invstd = Poisoned<double>(c);
        BatchNormKernels.ForwardTraining<double>(x, n, c, s, gamma, beta, Eps, y, mean, invstd, Span<double>.Empty, Span<double>.Empty, 0.1);

        var expected = new double[x.Length];
        for (int ch = 0; ch < c; ch++)
        {
            double m = 0, v = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    m += x[(i * c + ch) * s + j];
                }

            m /= n * s;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    v += Math.Pow(x[(i * c + ch) * s + j] - m, 2);
                }

            v /= n * s;
            Assert.Equal(m, mean[ch], 12);
            Assert.Equal(1 / Math.Sqrt(v + Eps), invstd[ch], 10);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    int k = (i * c + ch) * s + j;
                    expected[k] = (x[k] - m) / Math.Sqrt(v + Eps) * gamma[ch] + beta[ch];
                }
        }

        AssertClose(expected, y, 1e-10);

        var yf = Poisoned<float>(x.Length);
        BatchNormKernels.ForwardTraining<float>(ToFloat(x), n, c, s, ToFloat(gamma), ToFloat(beta), Eps, yf, new float[c], new float[c],
            Span<float>.Empty, Span<float>.Empty, 0.1);
        AssertClose(expected, yf, 1e-4);
    }

    [Fact]
    public void ForwardTraining_UpdatesRunningStatsWithMomentumAndUnbiasedVariance()
    {
        // One channel, values 1, 2, 3, 4: mean 2.5, biased var 1.25, unbiased var 5/3.
        double[] x = [1, 2, 3, 4];
        double[] runningMean = [0.5];
        double[] runningVar = [2.0];
        BatchNormKernels.ForwardTraining<double>(x, 2, 1, 2, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Eps,
            new double[4], new double[1], new double[1], runningMean, runningVar, 0.1);
        Assert.Equal(0.9 * 0.5 + 0.1 * 2.5, runningMean[0], 14);
        Assert.Equal(0.9 * 2.0 + 0.1 * (5.0 / 3.0), runningVar[0], 14);
    }

    [Fact]
    public void ForwardTraining_WithoutAffine_GivesZeroMeanUnitVariance()
    {
        var x = Random(40, 4);
        var y = new double[40];
        var invstd = new double[2];
        BatchNormKernels.ForwardTraining<double>(x, 4, 2, 5, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, 0,
            y, new double[2], invstd, Span<double>.Empty, Span<double>.Empty, 0.1);
        double m = 0, v = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
            {
                m += y[(i * 2 + 1) * 5 + j];
                v += y[(i * 2 + 1) * 5 + j] * y[(i * 2 + 1) * 5 + j];
            }

        Assert.Equal(0, m / 20, 12);
        Assert.Equal(1, v / 20, 10);
    }

    [Fact]
    public void ForwardTraining_OneValuePerChannel_Throws()
        => Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining<double>(new double[3], 1, 3, 1,
            ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Eps, new double[3], new double[3], new double[3],
            Span<double>.Empty, Span<double>.Empty, 0.1));

    [Fact]
    public void ForwardInference_UsesRunningStatistics()
    {
        var x = Random(2 * 3 * 4, 5);
        double[] rm = [0.1, -0.2, 0.3], rv = [0.5, 1.5, 2.5], gamma = [1.5, -0.5, 2.0], beta = [0.1, 0.2, 0.3];
        var y = Poisoned<double>(x.Length);
        BatchNormKernels.ForwardInference<double>(x, 2, 3, 4, gamma, beta, rm, rv, Eps, y);
        var expected = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            int ch = k / 4 % 3;
            expected[k] = (x[k] - rm[ch]) / Math.Sqrt(rv[ch] + Eps) * gamma[ch] + beta[ch];
        }

        AssertClose(expected, y, 1e-12);
    }

    [Theory]
    [InlineData(3, 2, 5, true)]
    [InlineData(4, 3, 1, false)]
    public void BackwardTraining_MatchesCentralFiniteDifferences(int n, int c, int s, bool affine)
    {
        long len = (long)n * c * s;
        var x = Random(len, 6, 2.0);
        var r = Random(len, 7); // loss = sum(r * y), so dy = r
        var gamma = affine ? Random(c, 8) : [];
        var beta = affine ? Random(c, 9) : [];

        double Loss(double[] xv, double[] g, double[] b)
        {
            var y = new double[len];
            BatchNormKernels.ForwardTraining<double>(xv, n, c, s, g, b, Eps, y, new double[c], new double[c],
                Span<double>.Empty, Span<double>.Empty, 0.1);
            return Dot(r, y);
        }

        var mean = new double[c];
        var invstd = new double[c];
        BatchNormKernels.ForwardTraining<double>(x, n, c, s, gamma, beta, Eps, new double[len], mean, invstd,
            Span<double>.Empty, Span<double>.Empty, 0.1);
        var dx = Poisoned<double>(len);
        var dgamma = Poisoned<double>(c);
        var dbeta = Poisoned<double>(c);
        BatchNormKernels.BackwardTraining<double>(r, x, n, c, s, gamma, mean, invstd, dx, dgamma, dbeta);

        const double h = 1e-6;
        AssertClose(FiniteDifference(x, v => Loss(v, gamma, beta), h), dx, 1e-6);
        if (affine)
        {
            AssertClose(FiniteDifference(gamma, v => Loss(x, v, beta), h), dgamma, 1e-6);
            AssertClose(FiniteDifference(beta, v => Loss(x, gamma, v), h), dbeta, 1e-6);
        }
    }

    [Fact]
    public void BackwardInference_IsDyTimesGammaTimesInvstd()
    {
        var x = Random(12, 10);
        var dy = Random(12, 11);
        double[] gamma = [2.0, -1.0], mean = [0.3, -0.1], invstd = [1.5, 0.5];
        var dx = Poisoned<double>(12);
        var dgamma = Poisoned<double>(2);
        var dbeta = Poisoned<double>(2);
        BatchNormKernels.BackwardInference<double>(dy, x, 2, 2, 3, gamma, mean, invstd, dx, dgamma, dbeta);
        var edg = new double[2];
        var edb = new double[2];
        for (int k = 0; k < 12; k++)
        {
            int ch = k / 3 % 2;
            Assert.Equal(dy[k] * gamma[ch] * invstd[ch], dx[k], 12);
            edg[ch] += dy[k] * (x[k] - mean[ch]) * invstd[ch];
            edb[ch] += dy[k];
        }

        AssertClose(edg, dgamma, 1e-12);
        AssertClose(edb, dbeta, 1e-12);
    }

    private static double[] FiniteDifference(double[] v, Func<double[], double> f, double h)
    {
        var grad = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double keep = v[i];
            v[i] = keep + h;
            double plus = f(v);
            v[i] = keep - h;
            double minus = f(v);
            v[i] = keep;
            grad[i] = (plus - minus) / (2 * h);
        }

        return grad;
    }
}
