using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

public class CrossEntropyKernelsTests
{
    private const long Ignore = -100;

    // (N, C, S): contiguous rows (S = 1), one partial plane block, and planes of more than one block (S > 256)
    public static TheoryData<int, int, int, bool, double, bool> Cases => new()
    {
        { 7, 10, 1, false, 0.0, true },
        { 7, 10, 1, true, 0.2, true },
        { 3, 5, 37, true, 0.1, true },
        { 2, 24, 323, false, 0.0, true },
        { 2, 6, 300, true, 0.3, true },
        { 2, 6, 300, true, 0.3, false },  // nll_loss over log-probabilities
        { 5, 4, 1, true, 0.1, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackward_MatchTheDefinitionPerRow(int n, int c, int s, bool weighted, double eps, bool fromLogits)
    {
        var x = Random((long)n * c * s, 1, 4.0);
        var w = weighted ? Array.ConvertAll(Random(c, 2), v => 1.5 + v) : [];
        var rng = new Random(3);
        var targets = new long[n * s];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = i % 7 == 3 ? Ignore : rng.Next(c);
        }

        var g = Random(targets.Length, 4);
        var (loss, rowWeight, dx) = Reference(x, targets, w, g, n, c, s, eps, fromLogits);

        var losses = Poisoned<double>(targets.Length);
        var rowWeights = Poisoned<double>(targets.Length);
        var lse = Poisoned<double>(targets.Length);
        CrossEntropyKernels.Forward<double>(x, targets, w, n, c, s, Ignore, eps, fromLogits, losses, rowWeights, lse);
        AssertClose(loss, losses, 1e-12);
        AssertClose(rowWeight, rowWeights, 0);
        var grad = Poisoned<double>(x.Length);
        CrossEntropyKernels.Backward<double>(g, true, x, lse, targets, w, n, c, s, Ignore, eps, fromLogits, grad);
        AssertClose(dx, grad, 1e-12);

        // one upstream value for every row (the sum and mean reductions)
        var (_, _, dxShared) = Reference(x, targets, w, Enumerable.Repeat(g[0], g.Length).ToArray(), n, c, s, eps, fromLogits);
        CrossEntropyKernels.Backward<double>([g[0]], false, x, lse, targets, w, n, c, s, Ignore, eps, fromLogits, grad);
        AssertClose(dxShared, grad, 1e-12);

        var lossesF = Poisoned<float>(targets.Length);
        var lseF = Poisoned<float>(targets.Length);
        var gradF = Poisoned<float>(x.Length);
        CrossEntropyKernels.Forward<float>(ToFloat(x), targets, ToFloat(w), n, c, s, Ignore, eps, fromLogits, lossesF, new float[targets.Length], lseF);
        CrossEntropyKernels.Backward<float>(ToFloat(g), true, ToFloat(x), lseF, targets, ToFloat(w), n, c, s, Ignore, eps, fromLogits, gradF);
        AssertClose(loss, lossesF, 2e-5);
        AssertClose(dx, gradF, 2e-5);
    }

    [Fact]
    public void ARowOfMinusInfinity_GivesNaNAndLeavesTheOtherRowsFinite()
    {
        // (2, 3, 300): position 5 of image 1 has every class at -inf, as log_softmax + nll_loss give NaN there
        int n = 2, c = 3, s = 300;
        var x = Random(n * c * s, 5);
        for (int k = 0; k < c; k++)
        {
            x[(1 * c + k) * s + 5] = double.NegativeInfinity;
        }

        var targets = new long[n * s];
        var losses = new double[n * s];
        CrossEntropyKernels.Forward<double>(x, targets, [], n, c, s, Ignore, 0, true, losses, new double[n * s], new double[n * s]);
        Assert.True(double.IsNaN(losses[s + 5]));
        Assert.All(losses.Where((_, i) => i != s + 5), v => Assert.True(double.IsFinite(v)));
    }

    // loss_r = (1 - eps) w_t (lse - x_t) + eps / C sum_k w_k (lse - x_k); dx from log_softmax's and nll's own rules
    private static (double[] Loss, double[] RowWeight, double[] Dx) Reference(double[] x, long[] targets, double[] w, double[] g,
        int n, int c, int s, double eps, bool fromLogits)
    {
        var loss = new double[n * s];
        var rowWeight = new double[n * s];
        var dx = new double[x.Length];
        double W(int k) => w.Length == 0 ? 1 : w[k];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < s; p++)
            {
                int row = i * s + p;
                long t = targets[row];
                if (t == Ignore)
                {
                    continue;
                }

                double At(int k) => x[(i * c + k) * s + p];
                double lse = fromLogits ? Math.Log(Enumerable.Range(0, c).Sum(k => Math.Exp(At(k)))) : 0;
                var dLogp = new double[c]; // dloss / dlog-probability
                for (int k = 0; k < c; k++)
                {
                    dLogp[k] = -eps / c * W(k) - (k == t ? (1 - eps) * W(k) : 0);
                    loss[row] += dLogp[k] * (At(k) - lse);
                }

                rowWeight[row] = W((int)t);
                double sumD = dLogp.Sum();
                for (int k = 0; k < c; k++)
                {
                    // through log_softmax: dx_k = d_k - softmax_k sum_j d_j
                    dx[(i * c + k) * s + p] = g[row] * (fromLogits ? dLogp[k] - Math.Exp(At(k) - lse) * sumD : dLogp[k]);
                }
            }

        return (loss, rowWeight, dx);
    }
}
