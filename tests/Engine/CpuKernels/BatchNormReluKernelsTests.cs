using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>
/// Batch norm with the ReLU folded in (reluScale/reluShift given) against the two ops one after the other: the
/// plain kernels, relu of their output, and a backward fed the ReLU's gradient (dy where the output is positive).
/// Both run the same arithmetic, so every value must match bit for bit. Channel 0 has mean 0 and bias 0, so its zeros
/// normalise to exactly 0, where ReLU passes no gradient; channel 2 holds a NaN, which ReLU keeps and passes nothing.
/// </summary>
public class BatchNormReluKernelsTests
{
    private const double Eps = 1e-5;
    private const int C = 3;

    [Theory]
    [InlineData(2, 37, true)]  // 16-lane vectors and a 5-element tail per plane
    [InlineData(3, 5, true)]   // planes shorter than a vector: scalar code only
    [InlineData(2, 37, false)] // eval: running statistics
    [InlineData(4, 1, false)]  // (N, C)
    public void Rectified_IsReluOfBatchNorm_AndPassesGradientWhereItIsPositive(int n, int spatial, bool training)
    {
        long len = (long)n * C * spatial;
        var x = Inputs(n, spatial);
        var gamma = new[] { 1.5f, -0.75f, 2f };
        var beta = new[] { 0f, 0.25f, -0.5f };
        var runningMean = new[] { 0f, 0.1f, -0.2f };
        var runningVar = new[] { 1.2f, 0.8f, 2f };
        var dy = ToFloat(Random(len, 21));

        // the two ops apart: batch norm, relu, then batch norm's backward of the ReLU's gradient
        var plain = Poisoned<float>(len);
        var (mean, invstd) = Forward(x, n, spatial, gamma, beta, runningMean, runningVar, training, plain, [], []);
        var expectedY = Array.ConvertAll(plain, v => v > 0 || float.IsNaN(v) ? v : 0f);
        var gated = new float[len];
        for (long i = 0; i < len; i++)
        {
            gated[i] = plain[i] > 0 ? dy[i] : 0f;
        }

        var (expectedDx, expectedDGamma, expectedDBeta) = Backward(gated, x, n, spatial, gamma, mean, invstd, training, [], []);

        // the one op
        var y = Poisoned<float>(len);
        var scale = Poisoned<float>(C);
        var shift = Poisoned<float>(C);
        var (fusedMean, fusedInvstd) = Forward(x, n, spatial, gamma, beta, runningMean, runningVar, training, y, scale, shift);
        var (dx, dGamma, dBeta) = Backward(dy, x, n, spatial, gamma, fusedMean, fusedInvstd, training, scale, shift);

        Assert.Contains(plain, v => v == 0); // normalised to exactly 0: the edge of the ReLU's mask is exercised
        Assert.Equal(Bits(expectedY), Bits(y));
        Assert.Equal(Bits(expectedDx), Bits(dx));
        Assert.Equal(Bits(expectedDGamma), Bits(dGamma));
        Assert.Equal(Bits(expectedDBeta), Bits(dBeta));
        for (int ch = 0; ch < C; ch++)
        {
            // the kept affine is the normalisation's: gamma·invstd and beta - mean·gamma·invstd
            Assert.Equal(gamma[ch] * fusedInvstd[ch], scale[ch], 1e-5);
            Assert.Equal(beta[ch] - (fusedMean[ch] * gamma[ch] * fusedInvstd[ch]), shift[ch], 1e-5);
        }
    }

    [Fact]
    public void ReluSpans_OfTheWrongLength_AreRefused()
    {
        var x = new float[12];
        var e = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining<float>(x, 2, 3, 2, [], [], Eps, new float[12],
            new float[3], new float[3], [], [], 0.1, new float[3], new float[2]));
        Assert.Contains("reluShift", e.Message);
    }

    // channel 0: pairs v, -v of 0, 1, 2 (and a last 0 in odd planes): an exact mean of 0; channel 1: random; channel 2:
    // random with one NaN
    private static float[] Inputs(int n, int spatial)
    {
        var x = ToFloat(Random((long)n * C * spatial, 20, 2.0));
        for (int i = 0; i < n; i++)
        {
            var plane = x.AsSpan(i * C * spatial, spatial);
            for (int j = 0; j < spatial; j++)
            {
                plane[j] = j == spatial - 1 && spatial % 2 == 1 ? 0 : (j % 2 == 0 ? 1 : -1) * (j / 2 % 3);
            }
        }

        x[((n - 1) * C + 2) * spatial] = float.NaN;
        return x;
    }

    private static (float[] Mean, float[] Invstd) Forward(float[] x, int n, int spatial, float[] gamma, float[] beta,
        float[] runningMean, float[] runningVar, bool training, float[] y, float[] reluScale, float[] reluShift)
    {
        var mean = new float[C];
        var invstd = new float[C];
        if (training)
        {
            BatchNormKernels.ForwardTraining<float>(x, n, C, spatial, gamma, beta, Eps, y, mean, invstd, [], [], 0.1, reluScale, reluShift);
        }
        else
        {
            BatchNormKernels.ForwardInference<float>(x, n, C, spatial, gamma, beta, runningMean, runningVar, Eps, y, reluScale, reluShift);
            for (int ch = 0; ch < C; ch++)
            {
                mean[ch] = runningMean[ch];
                invstd[ch] = 1 / MathF.Sqrt(runningVar[ch] + (float)Eps);
            }
        }

        return (mean, invstd);
    }

    private static (float[] Dx, float[] DGamma, float[] DBeta) Backward(float[] dy, float[] x, int n, int spatial, float[] gamma,
        float[] mean, float[] invstd, bool training, float[] reluScale, float[] reluShift)
    {
        var dx = Poisoned<float>(x.Length);
        var dGamma = Poisoned<float>(C);
        var dBeta = Poisoned<float>(C);
        if (training)
        {
            BatchNormKernels.BackwardTraining<float>(dy, x, n, C, spatial, gamma, mean, invstd, dx, dGamma, dBeta, reluScale, reluShift);
        }
        else
        {
            BatchNormKernels.BackwardInference<float>(dy, x, n, C, spatial, gamma, mean, invstd, dx, dGamma, dBeta, reluScale, reluShift);
        }

        return (dx, dGamma, dBeta);
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
