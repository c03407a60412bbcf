using IlgpuNet.Kernels;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    private static (double[] Color, double[] Depth, double[] Opacity, double[] Weights) RenderReference(
        double[] sigma, double[] rgb, double[] t, double[] delta, int rays, int samples)
    {
        var color = new double[rays * 3];
        var depth = new double[rays];
        var opacity = new double[rays];
        var weights = new double[rays * samples];
        for (int r = 0; r < rays; r++)
        {
            double transmittance = 1;
            for (int i = 0; i < samples; i++)
            {
                int k = r * samples + i;
                double alpha = 1 - Math.Exp(-Math.Max(sigma[k], 0) * delta[k]);
                double wi = transmittance * alpha;
                weights[k] = wi;
                for (int ch = 0; ch < 3; ch++)
                {
                    color[3 * r + ch] += wi * rgb[3 * k + ch];
                }

                depth[r] += wi * t[k];
                opacity[r] += wi;
                transmittance *= 1 - alpha;
            }
        }

        return (color, depth, opacity, weights);
    }

    // Forward against a double reference (1e-5 abs + 1e-4 rel); backward against central differences of that
    // reference in double (h = 1e-6, tolerance 2e-4 abs + 1e-3 rel), with some sigma < 0 to cover the relu.
    [BackendFact]
    public void VolumeRender_ForwardMatchesReference_BackwardMatchesFiniteDifferences()
    {
        const int rays = 37, samples = 19;
        var sigmaF = Random(rays * samples, 110, -0.5f, 3f);
        var rgbF = Random(rays * samples * 3, 111, 0f, 1f);
        var deltaF = Random(rays * samples, 112, 0.05f, 0.3f);
        var tF = new float[rays * samples];
        for (int k = 0; k < tF.Length; k++)
        {
            tF[k] = 2f + (k % samples) * 0.2f;
        }

        var dColorF = Random(rays * 3, 113);
        var dDepthF = Random(rays, 114);
        var dOpacityF = Random(rays, 115);
        double[] D(float[] v) => v.Select(x => (double)x).ToArray();
        var (eColor, eDepth, eOpacity, eWeights) = RenderReference(D(sigmaF), D(rgbF), D(tF), D(deltaF), rays, samples);

        using var sigma = Upload(sigmaF);
        using var rgb = Upload(rgbF);
        using var t = Upload(tF);
        using var delta = Upload(deltaF);
        using var output = Poisoned(rays * 5);
        using var weights = Poisoned(rays * samples);
        K.VolumeRenderForward(output, weights, sigma, rgb, t, delta, rays, samples);
        var packed = output.ToArray<float>();
        float[] Column(int from, int count) => Enumerable.Range(0, rays).SelectMany(r => packed.Skip(5 * r + from).Take(count)).ToArray();
        AssertClose(eColor, Column(0, 3), 1e-5, 1e-4, "color");
        AssertClose(eDepth, Column(3, 1), 1e-5, 1e-4, "depth");
        AssertClose(eOpacity, Column(4, 1), 1e-5, 1e-4, "opacity");
        AssertClose(eWeights, weights.ToArray<float>(), 1e-6, 1e-4, "weights");

        var dOutputF = Enumerable.Range(0, rays).SelectMany(r => new[]
            { dColorF[3 * r], dColorF[3 * r + 1], dColorF[3 * r + 2], dDepthF[r], dOpacityF[r] }).ToArray();
        using var dOutput = Upload(dOutputF);
        using var dSigma = Poisoned(rays * samples);
        using var dRgb = Poisoned(rays * samples * 3);
        K.VolumeRenderBackward(dSigma, dRgb, dOutput, sigma, rgb, t, delta, weights, rays, samples);

        double Loss(double[] s, double[] c)
        {
            var (col, dep, op, _) = RenderReference(s, c, D(tF), D(deltaF), rays, samples);
            double loss = 0;
            for (int r = 0; r < rays; r++)
            {
                loss += dDepthF[r] * dep[r] + dOpacityF[r] * op[r];
                for (int ch = 0; ch < 3; ch++)
                {
                    loss += dColorF[3 * r + ch] * col[3 * r + ch];
                }
            }

            return loss;
        }

        const double step = 1e-6;
        var eDSigma = new double[sigmaF.Length];
        var s0 = D(sigmaF);
        for (int k = 0; k < s0.Length; k++)
        {
            var plus = (double[])s0.Clone();
            var minus = (double[])s0.Clone();
            plus[k] += step;
            minus[k] -= step;
            eDSigma[k] = s0[k] > step ? (Loss(plus, D(rgbF)) - Loss(minus, D(rgbF))) / (2 * step) : s0[k] < -step ? 0 : double.NaN;
        }

        var actual = dSigma.ToArray<float>();
        for (int k = 0; k < actual.Length; k++)
        {
            if (double.IsNaN(eDSigma[k]))
            {
                actual[k] = float.NaN;  // sigma at the relu kink: no finite-difference reference
            }
        }

        AssertClose(eDSigma, actual, 2e-4, 1e-3, "dsigma");
        var eDRgb = new double[rgbF.Length];
        for (int k = 0; k < rays * samples; k++)
        {
            for (int ch = 0; ch < 3; ch++)
            {
                eDRgb[3 * k + ch] = eWeights[k] * dColorF[3 * (k / samples) + ch];
            }
        }

        AssertClose(eDRgb, dRgb.ToArray<float>(), 1e-6, 1e-4, "drgb");
    }

    /// <summary>NeRF's sample_pdf in float, in the kernel's summation order.</summary>
    private static float[] SamplePdfReference(float[] bins, float[] weights, int rays, int binCount, int sampleCount, bool deterministic, ulong seed, ulong offset)
    {
        var result = new float[rays * sampleCount];
        for (int r = 0; r < rays; r++)
        {
            float total = 0;
            for (int b = 0; b < binCount; b++)
            {
                total += weights[r * binCount + b] + 1e-5f;
            }

            var cdf = new float[binCount + 1];
            float run = 0;
            for (int b = 0; b < binCount; b++)
            {
                run += weights[r * binCount + b] + 1e-5f;
                cdf[b + 1] = run / total;
            }

            for (int j = 0; j < sampleCount; j++)
            {
                long index = (long)r * sampleCount + j;
                float u = deterministic ? (sampleCount > 1 ? (float)j / (sampleCount - 1) : 0f) : Philox.Uniform(seed, offset, index);
                int i = cdf.Count(v => v <= u);  // searchsorted(cdf, u, right=True)
                int below = Math.Max(i - 1, 0), above = Math.Min(i, binCount);
                float denom = cdf[above] - cdf[below];
                if (denom < 1e-5f)
                {
                    denom = 1f;
                }

                float e0 = bins[r * (binCount + 1) + below], e1 = bins[r * (binCount + 1) + above];
                result[index] = e0 + (u - cdf[below]) / denom * (e1 - e0);
            }
        }

        return result;
    }

    // Tolerance 1e-5 abs + 1e-5 rel (same float arithmetic; fused multiply-add may differ in the last bit).
    [BackendFact]
    public void SamplePdf_DeterministicAndPhiloxRandom_MatchNerfReference()
    {
        const int rays = 23, binCount = 31, sampleCount = 17;
        var weights = Random(rays * binCount, 120, 0f, 1f);
        for (int b = 0; b < binCount; b++)
        {
            weights[b] = 0f;  // ray 0: all-zero weights exercise the +1e-5 floor (a uniform pdf)
        }

        var bins = new float[rays * (binCount + 1)];
        for (int r = 0; r < rays; r++)
        {
            for (int b = 0; b <= binCount; b++)
            {
                bins[r * (binCount + 1) + b] = 2f + 4f * b / binCount + 0.01f * r;
            }
        }

        using var dBins = Upload(bins);
        using var dWeights = Upload(weights);
        foreach (var deterministic in new[] { true, false })
        {
            using var samples = Poisoned(rays * sampleCount);
            K.SamplePdf(samples, dBins, dWeights, rays, binCount, sampleCount, deterministic, seed: 7, offset: 3);
            var expected = SamplePdfReference(bins, weights, rays, binCount, sampleCount, deterministic, 7, 3);
            AssertClose(expected, samples.ToArray<float>(), 1e-5, 1e-5, $"sample_pdf deterministic={deterministic}");
        }
    }
}
