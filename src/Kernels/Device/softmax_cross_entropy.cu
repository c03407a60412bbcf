// softmax_cross_entropy.cu — softmax / log-softmax along one dim and the fused log-softmax + NLL loss.
// Tensors are contiguous [outer, C, inner] (inner = 1 when the dim is the last); a "row" is the C elements of one
// (outer, inner) pair, C apart by `inner`. One block of SOFTMAX_THREADS threads per row.
#include "prelude.h"

#define SOFTMAX_THREADS 256

// Block-wide max and sum over a row, in shared memory. Every thread gets the result.
DEVICE_FN float block_max(SHARED_ARG float* scratch, float v) {
    int t = THREAD_X;
    scratch[t] = v;
    BARRIER();
    for (int s = SOFTMAX_THREADS / 2; s > 0; s >>= 1) {
        if (t < s) scratch[t] = fmaxf(scratch[t], scratch[t + s]);
        BARRIER();
    }
    float r = scratch[0];
    BARRIER();
    return r;
}

DEVICE_FN float block_sum(SHARED_ARG float* scratch, float v) {
    int t = THREAD_X;
    scratch[t] = v;
    BARRIER();
    for (int s = SOFTMAX_THREADS / 2; s > 0; s >>= 1) {
        if (t < s) scratch[t] += scratch[t + s];
        BARRIER();
    }
    float r = scratch[0];
    BARRIER();
    return r;
}

// log(sum_c exp(x_c)) of one row (elements x[c * stride]), stable.
DEVICE_FN float row_logsumexp(SHARED_ARG float* scratch, const GLOBAL float* x, int C, int stride) {
    float m = -F32_INF;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) m = fmaxf(m, x[(i64)c * stride]);
    m = block_max(scratch, m);
    if (m == -F32_INF) return m;  // every element -inf: avoid -inf - -inf
    float s = 0.0f;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) s += expf(x[(i64)c * stride] - m);
    s = block_sum(scratch, s);
    return m + logf(s);
}

// Offset of the first element of row BLOCK_X in a [outer, C, inner] tensor.
DEVICE_FN i64 row_base(int C, int inner) { return (i64)(BLOCK_X / inner) * C * inner + BLOCK_X % inner; }

// out = softmax(inp) (or log_softmax when log_space != 0) along the middle dim of [outer, C, inner].
KERNEL void softmax_forward(GLOBAL float* out, const GLOBAL float* inp, int outer, int C, int inner, int log_space) {
    SHARED float scratch[SOFTMAX_THREADS];
    i64 base = row_base(C, inner);
    const GLOBAL float* x = inp + base;
    GLOBAL float* y = out + base;
    float lse = row_logsumexp(scratch, x, C, inner);
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
        float v = x[(i64)c * inner];
        y[(i64)c * inner] = log_space ? v - lse : expf(v - lse);
    }
}

// Given out = softmax (or log_softmax) and its gradient dout:
//   softmax:     dinp = out * (dout - sum_c dout_c * out_c)
//   log_softmax: dinp = dout - exp(out) * sum_c dout_c
KERNEL void softmax_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL float* out, int outer, int C,
                             int inner, int log_space) {
    SHARED float scratch[SOFTMAX_THREADS];
    i64 base = row_base(C, inner);
    float s = 0.0f;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
        i64 at = base + (i64)c * inner;
        s += log_space ? dout[at] : dout[at] * out[at];
    }
    s = block_sum(scratch, s);
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
        i64 at = base + (i64)c * inner;
        float y = out[at], g = dout[at];
        dinp[at] = log_space ? g - expf(y) * s : y * (g - s);
    }
}

// Cross entropy over x [N, C, S] (S = 1 for [N, C]) at class targets [N, S]: logits when from_logits != 0 (fused
// log-softmax), else log-probabilities (nll_loss, lse = 0). Class weights w [C] or null (all 1), smoothing eps.
// For row (n, s) with target t:
//   losses      = (1 - eps) w_t (lse - x_t) + eps / C * sum_k w_k (lse - x_k)
//   row_weights = w_t;  both 0 when t == ignore_index, NaN when t is out of range (the loss shows it)
// lse [N, S] is saved for backward. Mean reduction is sum(losses) / sum(row_weights), as torch, left to the caller.
KERNEL void cross_entropy_forward(GLOBAL float* losses, GLOBAL float* row_weights, GLOBAL float* lse,
                                  const GLOBAL float* x, const GLOBAL i64* targets, const GLOBAL float* weight, int N,
                                  int C, int S, i64 ignore_index, float label_smoothing, int from_logits) {
    SHARED float scratch[SOFTMAX_THREADS];
    int row = BLOCK_X;
    const GLOBAL float* xr = x + row_base(C, S);
    float row_lse = from_logits ? row_logsumexp(scratch, xr, C, S) : 0.0f;
    float weighted_x = 0.0f, weight_sum = 0.0f;  // sum_k w_k x_k and sum_k w_k, for the smoothing term
    if (label_smoothing != 0.0f) {
        for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
            float w = weight ? weight[c] : 1.0f;
            weighted_x += w * xr[(i64)c * S];
            weight_sum += w;
        }
        weighted_x = block_sum(scratch, weighted_x);
        weight_sum = block_sum(scratch, weight_sum);
    }
    if (THREAD_X == 0) {
        i64 t = targets[row];
        lse[row] = row_lse;
        if (t == ignore_index) {
            losses[row] = 0.0f;
            row_weights[row] = 0.0f;
        } else if (t < 0 || t >= C) {
            losses[row] = F32_NAN;
            row_weights[row] = F32_NAN;
        } else {
            float wt = weight ? weight[t] : 1.0f;
            float nll = wt * (row_lse - xr[t * S]);
            float smooth = row_lse * weight_sum - weighted_x;
            losses[row] = (1.0f - label_smoothing) * nll + label_smoothing / (float)C * smooth;
            row_weights[row] = wt;
        }
    }
}

// dx[n, k, s] = g * (p_k ((1 - eps) w_t + eps / C * W) - (1 - eps) w_t [k == t] - eps / C * w_k)
// with p = softmax(x) (from logits; 0 for log-probabilities), W = sum_k w_k and g = dlosses[row * g_stride]
// (g_stride 0: one upstream value for every row, as sum and mean reductions give). Ignored rows get 0.
KERNEL void cross_entropy_backward(GLOBAL float* dx, const GLOBAL float* dlosses, int g_stride, const GLOBAL float* x,
                                   const GLOBAL float* lse, const GLOBAL i64* targets, const GLOBAL float* weight,
                                   int N, int C, int S, i64 ignore_index, float label_smoothing, int from_logits) {
    SHARED float scratch[SOFTMAX_THREADS];
    int row = BLOCK_X;
    i64 base = row_base(C, S);
    i64 t = targets[row];
    float weight_sum = (float)C;
    if (weight && label_smoothing != 0.0f) {
        float w = 0.0f;
        for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) w += weight[c];
        weight_sum = block_sum(scratch, w);
    }
    int valid = t != ignore_index;
    int in_range = t >= 0 && t < C;
    float g = dlosses[(i64)row * g_stride];
    float wt = in_range ? (weight ? weight[t] : 1.0f) : F32_NAN;
    float eps_c = label_smoothing / (float)C;
    float p_scale = (1.0f - label_smoothing) * wt + eps_c * weight_sum;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
        i64 at = base + (i64)c * S;
        float v = 0.0f;
        if (valid) {
            float p = from_logits ? expf(x[at] - lse[row]) : 0.0f;
            float wc = weight ? weight[c] : 1.0f;
            v = g * (p * p_scale - (c == t ? (1.0f - label_smoothing) * wt : 0.0f) - eps_c * wc);
        }
        dx[at] = v;
    }
}
