using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

// Longer than two parallel chunks and not a whole number of vectors: the vector body, the scalar tail and both workers.
public class OptimizerKernelsTests
{
    private const int Length = 2 * (1 << 14) + 13;

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.9, 0.0, 0.0, false)]
    [InlineData(0.9, 0.1, 1e-2, false)]
    [InlineData(0.8, 0.0, 5e-3, true)]
    public void Sgd_TwoSteps_FollowTorchsRule(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        const double lr = 0.05;
        var p = Random(Length, 1);
        var pf = ToFloat(p);
        var buf = new double[Length];
        var buff = new float[Length];
        var expected = (double[])p.Clone();
        var expectedBuf = new double[Length];
        for (int step = 0; step < 2; step++)
        {
            var g = Random(Length, 2 + step);
            OptimizerKernels.Sgd<double>(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep: step == 0);
            OptimizerKernels.Sgd<float>(pf, ToFloat(g), buff, lr, momentum, dampening, weightDecay, nesterov, firstStep: step == 0);
            for (int i = 0; i < Length; i++)
            {
                double d = g[i] + weightDecay * expected[i];
                if (momentum != 0)
                {
                    expectedBuf[i] = step == 0 ? d : momentum * expectedBuf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * expectedBuf[i] : expectedBuf[i];
                }

                expected[i] -= lr * d;
            }

            AssertClose(expected, p, 1e-14);
            AssertClose(expected, pf, 1e-6);
            AssertClose(expectedBuf, buf, 1e-14);
        }
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1e-2, false)]
    [InlineData(1e-2, true)]
    public void Adam_ThreeSteps_FollowTorchsRule(double weightDecay, bool decoupled)
    {
        const double lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var p = Random(Length, 1);
        var pf = ToFloat(p);
        double[] m = new double[Length], v = new double[Length];
        float[] mf = new float[Length], vf = new float[Length];
        var expected = (double[])p.Clone();
        double[] em = new double[Length], ev = new double[Length];
        for (int t = 1; t <= 3; t++)
        {
            var g = Random(Length, 10 + t);
            double stepSize = lr / (1 - Math.Pow(beta1, t)), correction = Math.Sqrt(1 - Math.Pow(beta2, t));
            OptimizerKernels.Adam<double>(p, g, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, stepSize, correction);
            OptimizerKernels.Adam<float>(pf, ToFloat(g), mf, vf, lr, beta1, beta2, eps, weightDecay, decoupled, stepSize, correction);
            for (int i = 0; i < Length; i++)
            {
                double gi = g[i];
                if (decoupled)
                {
                    expected[i] *= 1 - lr * weightDecay;
                }
                else
                {
                    gi += weightDecay * expected[i];
                }

                em[i] = beta1 * em[i] + (1 - beta1) * gi;
                ev[i] = beta2 * ev[i] + (1 - beta2) * gi * gi;
                expected[i] -= stepSize * em[i] / (Math.Sqrt(ev[i]) / correction + eps);
            }

            AssertClose(expected, p, 1e-12);
            AssertClose(expected, pf, 1e-5);
            AssertClose(ev, v, 1e-12);
        }
    }
}
