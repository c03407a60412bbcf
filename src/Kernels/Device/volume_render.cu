// volume_render.cu — NeRF's differentiable volume rendering and inverse-CDF importance sampling.
// Per ray r with S samples (sigma [R, S], rgb [R, S, 3], t [R, S] sample depths, delta [R, S] spacings):
//   alpha_i = 1 - exp(-relu(sigma_i) * delta_i),  T_i = prod_{j<i} (1 - alpha_j),  w_i = T_i * alpha_i
//   color = sum_i w_i c_i,  depth = sum_i w_i t_i,  opacity = sum_i w_i
// packed per ray as out [R, 5] = (color r, g, b, depth, opacity), one tensor with one gradient.
// One thread per ray: rays are many, samples few (64-192), and the scan over samples is sequential anyway.
#include "prelude.h"
#include "philox.h"

// Saves weights [R, S]: backward recovers T from them (T_{i+1} = T_i - w_i), so nothing else is kept.
KERNEL void volume_render_forward(GLOBAL float* out, GLOBAL float* weights, const GLOBAL float* sigma,
                                  const GLOBAL float* rgb, const GLOBAL float* t, const GLOBAL float* delta, int R, int S) {
    i64 r = GLOBAL_ID_X;
    if (r >= R) return;
    float transmittance = 1.0f, cr = 0.0f, cg = 0.0f, cb = 0.0f, d = 0.0f, o = 0.0f;
    for (int i = 0; i < S; i++) {
        i64 k = r * S + i;
        float s = sigma[k] > 0.0f ? sigma[k] : 0.0f;
        float alpha = 1.0f - expf(-s * delta[k]);
        float w = transmittance * alpha;
        weights[k] = w;
        cr += w * rgb[3 * k];
        cg += w * rgb[3 * k + 1];
        cb += w * rgb[3 * k + 2];
        d += w * t[k];
        o += w;
        transmittance *= 1.0f - alpha;
    }
    out[5 * r] = cr;
    out[5 * r + 1] = cg;
    out[5 * r + 2] = cb;
    out[5 * r + 3] = d;
    out[5 * r + 4] = o;
}

// dout [R, 5] is the gradient of out. With g_i = dcolor . c_i + ddepth * t_i + dopacity (the gradient reaching
// w_i), since w_i = T_i - T_{i+1}:
//   drgb_i   = w_i * dcolor
//   dsigma_k = [sigma_k > 0] * delta_k * (T_{k+1} * g_k - sum_{i>k} w_i g_i)
KERNEL void volume_render_backward(GLOBAL float* dsigma, GLOBAL float* drgb, const GLOBAL float* dout,
                                   const GLOBAL float* sigma, const GLOBAL float* rgb, const GLOBAL float* t,
                                   const GLOBAL float* delta, const GLOBAL float* weights, int R, int S) {
    i64 r = GLOBAL_ID_X;
    if (r >= R) return;
    float gr = dout[5 * r], gg = dout[5 * r + 1], gb = dout[5 * r + 2], gd = dout[5 * r + 3], go = dout[5 * r + 4];
    float total = 0.0f;  // sum_i w_i g_i
    for (int i = 0; i < S; i++) {
        i64 k = r * S + i;
        float g = gr * rgb[3 * k] + gg * rgb[3 * k + 1] + gb * rgb[3 * k + 2] + gd * t[k] + go;
        total += weights[k] * g;
    }
    float transmittance = 1.0f, prefix = 0.0f;  // prefix = sum_{i<=k} w_i g_i
    for (int i = 0; i < S; i++) {
        i64 k = r * S + i;
        float w = weights[k];
        float g = gr * rgb[3 * k] + gg * rgb[3 * k + 1] + gb * rgb[3 * k + 2] + gd * t[k] + go;
        transmittance -= w;  // now T_{k+1}
        prefix += w * g;
        dsigma[k] = sigma[k] > 0.0f ? delta[k] * (transmittance * g - (total - prefix)) : 0.0f;
        drgb[3 * k] = w * gr;
        drgb[3 * k + 1] = w * gg;
        drgb[3 * k + 2] = w * gb;
    }
}

// NeRF's sample_pdf: bins [R, B+1] edges, weights [R, B]; samples [R, NS].
//   pdf = (w + 1e-5) / sum, cdf = [0, cumsum(pdf)], u = linspace(0, 1, NS) (deterministic) or
//   Philox uniform element (r * NS + j) of (seed, offset) (random), then invert the piecewise-linear CDF:
//   i = searchsorted(cdf, u, right) ; below = max(i-1, 0), above = min(i, B)
//   sample = bins[below] + (u - cdf[below]) / (cdf[above] - cdf[below] or 1 if < 1e-5) * (bins[above] - bins[below])
// One thread per sample; each walks its ray's CDF (B is small), so no scratch memory is needed.
KERNEL void sample_pdf(GLOBAL float* samples, const GLOBAL float* bins, const GLOBAL float* weights, int R, int B,
                       int NS, int deterministic, u64 seed, u64 offset) {
    i64 n_total = (i64)R * NS;
    GRID_STRIDE_LOOP(idx, n_total) {
        i64 r = idx / NS;
        int j = (int)(idx % NS);
        const GLOBAL float* w = weights + r * B;
        const GLOBAL float* edges = bins + r * (B + 1);
        float total = 0.0f;
        for (int b = 0; b < B; b++) total += w[b] + 1e-5f;
        float u = deterministic ? (NS > 1 ? (float)j / (float)(NS - 1) : 0.0f) : philox_uniform(seed, offset, idx);
        // searchsorted(cdf, u, right=True) = how many of cdf[0..B] are <= u (the CDF is non-decreasing).
        int i = 0;
        float run = 0.0f;
        for (int b = 0; b <= B; b++) {
            if (run <= u) i++;
            if (b < B) run += (w[b] + 1e-5f) / total;
        }
        int below = i - 1 > 0 ? i - 1 : 0;
        int above = i < B ? i : B;
        // Second pass for cdf[below], cdf[above], summed in the same order as the first.
        float c0 = 0.0f, c1 = 0.0f;
        run = 0.0f;
        for (int b = 0; b <= B; b++) {
            if (b == below) c0 = run;
            if (b == above) c1 = run;
            if (b < B) run += (w[b] + 1e-5f) / total;
        }
        float denom = c1 - c0;
        if (denom < 1e-5f) denom = 1.0f;
        float frac = (u - c0) / denom;
        samples[idx] = edges[below] + frac * (edges[above] - edges[below]);
    }
}
