// softmax_cross_entropy.cu — row-wise softmax / log-softmax and the fused log-softmax + NLL loss.
// logits are [N, C] contiguous; one block of SOFTMAX_THREADS threads per row.
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

// log(sum_c exp(x_c)) of one row, stable.
DEVICE_FN float row_logsumexp(SHARED_ARG float* scratch, const GLOBAL float* x, int C) {
    float m = -F32_INF;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) m = fmaxf(m, x[c]);
    m = block_max(scratch, m);
    float s = 0.0f;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) s += expf(x[c] - m);
    s = block_sum(scratch, s);
    return m + logf(s);
}

// out[N, C] = softmax(inp) (or log_softmax when log_space != 0) along the last dim.
KERNEL void softmax_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int log_space) {
    SHARED float scratch[SOFTMAX_THREADS];
    const GLOBAL float* x = inp + (i64)BLOCK_X * C;
    GLOBAL float* y = out + (i64)BLOCK_X * C;
    float lse = row_logsumexp(scratch, x, C);
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) y[c] = log_space ? x[c] - lse : expf(x[c] - lse);
}

// Given out = softmax (or log_softmax) and its gradient dout:
//   softmax:     dinp = out * (dout - sum_c dout_c * out_c)
//   log_softmax: dinp = dout - exp(out) * sum_c dout_c
KERNEL void softmax_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL float* out, int N, int C,
                             int log_space) {
    SHARED float scratch[SOFTMAX_THREADS];
    i64 row = (i64)BLOCK_X * C;
    float s = 0.0f;
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS)
        s += log_space ? dout[row + c] : dout[row + c] * out[row + c];
    s = block_sum(scratch, s);
    for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) {
        float y = out[row + c], g = dout[row + c];
        dinp[row + c] = log_space ? g - expf(y) * s : y * (g - s);
    }
}

// losses[n] = (1 - eps) * (-log p[n, t]) + eps / C * sum_c (-log p[n, c]),  t = targets[n];
// rows with t == ignore_index get loss 0. lse[n] = logsumexp of the row, saved for backward.
// Reduction is left to the caller: mean = sum(losses) / count(targets != ignore_index), as torch.
KERNEL void cross_entropy_forward(GLOBAL float* losses, GLOBAL float* lse, const GLOBAL float* logits,
                                  const GLOBAL i64* targets, int N, int C, i64 ignore_index, float label_smoothing) {
    SHARED float scratch[SOFTMAX_THREADS];
    int n = BLOCK_X;
    const GLOBAL float* x = logits + (i64)n * C;
    float row_lse = row_logsumexp(scratch, x, C);
    float sum_x = 0.0f;
    if (label_smoothing != 0.0f) {
        for (int c = THREAD_X; c < C; c += SOFTMAX_THREADS) sum_x += x[c];
        sum_x = block_sum(scratch, sum_x);
    }
    if (THREAD_X == 0) {
        i64 t = targets[n];
        lse[n] = row_lse;
        if (t == ignore_index) {
            losses[n] = 0.0f;
        } else {
            float nll = row_lse - x[t];
            float smooth = row_lse - sum_x / (float)C;  // mean over classes of -log p
            losses[n] = (1.0f - label_smoothing) * nll + label_smoothing * smooth;
        }
    }
}

// dlogits[n, c] = dlosses[n] * (softmax[n, c] - (1 - eps) * [c == t] - eps / C); ignored rows get 0.
// dlosses is the per-row upstream gradient (for mean reduction: 1 / count of non-ignored rows).
KERNEL void cross_entropy_backward(GLOBAL float* dlogits, const GLOBAL float* dlosses, const GLOBAL float* logits,
                                   const GLOBAL float* lse, const GLOBAL i64* targets, int N, int C,
                                   i64 ignore_index, float label_smoothing) {
    i64 total = (i64)N * C;
    GRID_STRIDE_LOOP(i, total) {
        int n = (int)(i / C), c = (int)(i % C);
        i64 t = targets[n];
        if (t == ignore_index) {
            dlogits[i] = 0.0f;
        } else {
            float p = expf(logits[i] - lse[n]);
            float target = (c == t ? 1.0f - label_smoothing : 0.0f) + label_smoothing / (float)C;
            dlogits[i] = dlosses[n] * (p - target);
        }
    }
}
