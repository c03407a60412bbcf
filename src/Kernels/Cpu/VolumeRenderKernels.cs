using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// NeRF's volume rendering and inverse-CDF sampling, the CPU twins of Ilgpu/VolumeRenderKernels (same names, same
/// argument order). Per ray r with S samples (sigma, t, delta [R, S], rgb [R, S, 3]):
///   alpha_i = 1 - exp(-relu(sigma_i) delta_i),  T_i = prod_{j&lt;i} (1 - alpha_j),  w_i = T_i alpha_i
///   output [R, 5] = (sum_i w_i c_i (3), sum_i w_i t_i, sum_i w_i);  weights [R, S] = w (backward needs only them).
/// </summary>
public static class VolumeRenderKernels
{
    public static void Forward<T>(T[] output, T[] weights, ReadOnlySpan<T> sigma, ReadOnlySpan<T> rgb, ReadOnlySpan<T> t,
        ReadOnlySpan<T> delta, int rays, int samples)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (s, c, tt, d) = (sigma.ToArray(), rgb.ToArray(), t.ToArray(), delta.ToArray());
        CpuParallel.For(rays, 8L * samples, (first, end) =>
        {
            for (long r = first; r < end; r++)
            {
                T transmittance = T.One, cr = T.Zero, cg = T.Zero, cb = T.Zero, depth = T.Zero, opacity = T.Zero;
                for (int i = 0; i < samples; i++)
                {
                    long k = r * samples + i;
                    T alpha = T.One - T.Exp(-T.Max(s[k], T.Zero) * d[k]);
                    T w = transmittance * alpha;
                    weights[k] = w;
                    cr += w * c[3 * k];
                    cg += w * c[3 * k + 1];
                    cb += w * c[3 * k + 2];
                    depth += w * tt[k];
                    opacity += w;
                    transmittance *= T.One - alpha;
                }

                output[5 * r] = cr;
                output[5 * r + 1] = cg;
                output[5 * r + 2] = cb;
                output[5 * r + 3] = depth;
                output[5 * r + 4] = opacity;
            }
        });
    }

    /// <summary>
    /// With g_i = dcolor · c_i + ddepth t_i + dopacity (the gradient reaching w_i) and w_i = T_i - T_{i+1}:
    /// drgb_i = w_i dcolor, dsigma_k = [sigma_k &gt; 0] delta_k (T_{k+1} g_k - sum_{i&gt;k} w_i g_i).
    /// </summary>
    public static void Backward<T>(T[] gradSigma, T[] gradRgb, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> sigma, ReadOnlySpan<T> rgb,
        ReadOnlySpan<T> t, ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, int rays, int samples)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (dout, s, c, tt, d, wts) = (gradOutput.ToArray(), sigma.ToArray(), rgb.ToArray(), t.ToArray(), delta.ToArray(), weights.ToArray());
        CpuParallel.For(rays, 12L * samples, (first, end) =>
        {
            for (long r = first; r < end; r++)
            {
                T gr = dout[5 * r], gg = dout[5 * r + 1], gb = dout[5 * r + 2], gd = dout[5 * r + 3], go = dout[5 * r + 4];
                T total = T.Zero;
                for (int i = 0; i < samples; i++)
                {
                    long k = r * samples + i;
                    total += wts[k] * (gr * c[3 * k] + gg * c[3 * k + 1] + gb * c[3 * k + 2] + gd * tt[k] + go);
                }

                T transmittance = T.One, prefix = T.Zero;
                for (int i = 0; i < samples; i++)
                {
                    long k = r * samples + i;
                    T w = wts[k];
                    T g = gr * c[3 * k] + gg * c[3 * k + 1] + gb * c[3 * k + 2] + gd * tt[k] + go;
                    transmittance -= w;
                    prefix += w * g;
                    gradSigma[k] = s[k] > T.Zero ? d[k] * (transmittance * g - (total - prefix)) : T.Zero;
                    gradRgb[3 * k] = w * gr;
                    gradRgb[3 * k + 1] = w * gg;
                    gradRgb[3 * k + 2] = w * gb;
                }
            }
        });
    }

    /// <summary>
    /// NeRF's sample_pdf: bins [R, B+1] edges, weights [R, B] → samples [R, NS]. pdf = (w + 1e-5) / sum, cdf = [0,
    /// cumsum(pdf)] (each entry a running sum divided once by the total, so the last is exactly 1), u = linspace(0, 1,
    /// NS) (deterministic) or Philox uniform element r*NS + j of (seed, offset), then the piecewise-linear inverse CDF
    /// between the edges around searchsorted(cdf, u, right).
    /// </summary>
    public static void SamplePdf(float[] samples, ReadOnlySpan<float> bins, ReadOnlySpan<float> weights, int rays, int binCount, int sampleCount,
        bool deterministic, ulong seed, ulong offset)
    {
        var (edges, w) = (bins.ToArray(), weights.ToArray());
        CpuParallel.For((long)rays * sampleCount, 4L * binCount, (first, end) =>
        {
            for (long idx = first; idx < end; idx++)
            {
                long r = idx / sampleCount;
                int j = (int)(idx % sampleCount);
                var rw = w.AsSpan((int)(r * binCount), binCount);
                var re = edges.AsSpan((int)(r * (binCount + 1)), binCount + 1);
                float total = 0;
                for (int b = 0; b < binCount; b++)
                {
                    total += rw[b] + 1e-5f;
                }

                float u = deterministic ? (sampleCount > 1 ? (float)j / (sampleCount - 1) : 0f) : Philox.Uniform(seed, offset, idx);
                // cdf[b] = (sum of the first b weights) / total, so cdf[B] is exactly 1 and u = 1 maps to the last edge
                int i = 0;
                float run = 0;
                for (int b = 0; b <= binCount; b++)
                {
                    if (run / total <= u)
                    {
                        i++;
                    }

                    if (b < binCount)
                    {
                        run += rw[b] + 1e-5f;
                    }
                }

                int below = Math.Max(i - 1, 0), above = Math.Min(i, binCount);
                float c0 = 0, c1 = 0;
                run = 0;
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
                        run += rw[b] + 1e-5f;
                    }
                }

                float denom = c1 - c0;
                if (denom < 1e-5f)
                {
                    denom = 1f;
                }

                samples[idx] = re[below] + (u - c0) / denom * (re[above] - re[below]);
            }
        });
    }
}
