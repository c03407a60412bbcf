using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// NeRF's differentiable volume rendering and inverse-CDF importance sampling, the device twins of
/// Cpu.VolumeRenderKernels (same names, same argument order). Per ray r with S samples (sigma, t, delta [R, S],
/// rgb [R, S, 3]):
///   alpha_i = 1 - exp(-relu(sigma_i) delta_i),  T_i = prod_{j&lt;i} (1 - alpha_j),  w_i = T_i alpha_i
///   output [R, 5] = (sum_i w_i c_i (3), sum_i w_i t_i, sum_i w_i);  weights [R, S] = w (backward needs only them)
/// One thread per ray: rays are many, samples few (64-192), and the scan over samples is sequential anyway.
/// </summary>
public static class VolumeRenderKernels
{
    public static void Forward(ArrayView<float> output, ArrayView<float> weights, ArrayView<float> sigma, ArrayView<float> rgb,
        ArrayView<float> t, ArrayView<float> delta, int rays, int samples)
    {
        for (long r = GridStride.First, step = GridStride.Step; r < rays; r += step)
        {
            float transmittance = 1f, cr = 0f, cg = 0f, cb = 0f, depth = 0f, opacity = 0f;
            for (int i = 0; i < samples; i++)
            {
                long k = r * samples + i;
                float alpha = 1f - XMath.Exp(-XMath.Max(sigma[k], 0f) * delta[k]);
                float w = transmittance * alpha;
                weights[k] = w;
                cr += w * rgb[3 * k];
                cg += w * rgb[3 * k + 1];
                cb += w * rgb[3 * k + 2];
                depth += w * t[k];
                opacity += w;
                transmittance *= 1f - alpha;
            }

            output[5 * r] = cr;
            output[5 * r + 1] = cg;
            output[5 * r + 2] = cb;
            output[5 * r + 3] = depth;
            output[5 * r + 4] = opacity;
        }
    }

    /// <summary>
    /// With g_i = dcolor · c_i + ddepth t_i + dopacity (the gradient reaching w_i) and w_i = T_i - T_{i+1}:
    /// drgb_i = w_i dcolor, dsigma_k = [sigma_k &gt; 0] delta_k (T_{k+1} g_k - sum_{i&gt;k} w_i g_i).
    /// </summary>
    public static void Backward(ArrayView<float> gradSigma, ArrayView<float> gradRgb, ArrayView<float> gradOutput, ArrayView<float> sigma,
        ArrayView<float> rgb, ArrayView<float> t, ArrayView<float> delta, ArrayView<float> weights, int rays, int samples)
    {
        for (long r = GridStride.First, step = GridStride.Step; r < rays; r += step)
        {
            float gr = gradOutput[5 * r], gg = gradOutput[5 * r + 1], gb = gradOutput[5 * r + 2];
            float gd = gradOutput[5 * r + 3], go = gradOutput[5 * r + 4];
            float total = 0f;  // sum_i w_i g_i
            for (int i = 0; i < samples; i++)
            {
                long k = r * samples + i;
                total += weights[k] * (gr * rgb[3 * k] + gg * rgb[3 * k + 1] + gb * rgb[3 * k + 2] + gd * t[k] + go);
            }

            float transmittance = 1f, prefix = 0f;  // prefix = sum_{i<=k} w_i g_i
            for (int i = 0; i < samples; i++)
            {
                long k = r * samples + i;
                float w = weights[k];
                float g = gr * rgb[3 * k] + gg * rgb[3 * k + 1] + gb * rgb[3 * k + 2] + gd * t[k] + go;
                transmittance -= w;  // now T_{k+1}
                prefix += w * g;
                gradSigma[k] = sigma[k] > 0f ? delta[k] * (transmittance * g - (total - prefix)) : 0f;
                gradRgb[3 * k] = w * gr;
                gradRgb[3 * k + 1] = w * gg;
                gradRgb[3 * k + 2] = w * gb;
            }
        }
    }

    /// <summary>
    /// NeRF's sample_pdf: bins [R, B+1] edges, weights [R, B] -> samples [R, NS]. pdf = (w + 1e-5) / sum, cdf = [0,
    /// cumsum(pdf)] (running sums divided once by the total: cdf[B] is exactly 1), u = linspace(0, 1, NS)
    /// (deterministic != 0) or Philox uniform element r*NS + j of (seed, offset),
    /// then the piecewise-linear inverse CDF between the edges around i = searchsorted(cdf, u, right):
    ///   below = max(i - 1, 0), above = min(i, B),
    ///   sample = bins[below] + (u - cdf[below]) / (cdf[above] - cdf[below], or 1 below 1e-5) (bins[above] - bins[below])
    /// One thread per sample walks its ray's CDF twice (B is small), in the CPU's summation order.
    /// </summary>
    public static void SamplePdf(ArrayView<float> samples, ArrayView<float> bins, ArrayView<float> weights, int rays, int binCount,
        int sampleCount, int deterministic, ulong seed, ulong offset)
    {
        long n = (long)rays * sampleCount;
        for (long idx = GridStride.First, step = GridStride.Step; idx < n; idx += step)
        {
            long r = idx / sampleCount;
            int j = (int)(idx % sampleCount);
            long w0 = r * binCount, e0 = r * (binCount + 1);
            float total = 0f;
            for (int b = 0; b < binCount; b++)
            {
                total += weights[w0 + b] + 1e-5f;
            }

            float u = deterministic != 0 ? (sampleCount > 1 ? (float)j / (sampleCount - 1) : 0f) : Philox.Uniform(seed, offset, idx);
            // cdf[b] = (sum of the first b weights) / total, so cdf[B] is exactly 1 and u = 1 maps to the last edge
            int i = 0;
            float run = 0f;
            for (int b = 0; b <= binCount; b++)
            {
                if (run / total <= u)
                {
                    i++;
                }

                if (b < binCount)
                {
                    run += weights[w0 + b] + 1e-5f;
                }
            }

            int below = i - 1 > 0 ? i - 1 : 0, above = i < binCount ? i : binCount;
            float c0 = 0f, c1 = 0f;
            run = 0f;
            for (int b = 0; b <= binCount; b++)
            {
                if (b == below)
                {
                    c0 = run / total;
                }

                if (b == above)
                {
                    c1 = run / total;
                }

                if (b < binCount)
                {
                    run += weights[w0 + b] + 1e-5f;
                }
            }

            float denominator = c1 - c0;
            if (denominator < 1e-5f)
            {
                denominator = 1f;
            }

            samples[idx] = bins[e0 + below] + (u - c0) / denominator * (bins[e0 + above] - bins[e0 + below]);
        }
    }
}
